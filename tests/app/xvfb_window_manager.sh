#!/bin/sh
# The window under a window manager (openbox on a virtual X server), as an educator uses it in a
# lecture: F11 makes it fullscreen, the window manager minimises and restores it, and the Demo
# goes on and draws again. Without a window manager X has no fullscreen or minimised state, so
# xvfb_window.sh cannot check these.
# Usage: xvfb_window_manager.sh ANGIOSIM_BINARY WORK_DIR
. "$(dirname "$0")/window_test_setup.sh"
cat > "$dir/session.sh" <<SESSION
#!/bin/sh
set -eu
openbox > "$dir/openbox.log" 2>&1 &
wm=\$!
sleep 1
ANGIOSIM_CONFIG_DIR="$dir/config" "$app" --demo --frames 500 --keys "20:F11+,21:F11-" \
  --screenshot "$dir/window.png" --out "$dir/out" > "$dir/app.log" 2>&1 &
app_pid=\$!
window=\$(xdotool search --sync --name "^angiosim")
sleep 2
xdotool windowminimize "\$window"
sleep 1
xprop -id "\$window" WM_STATE | grep -q "window state: Iconic" || { echo "not minimised"; exit 1; }
kill -0 \$app_pid || { echo "the app quit while minimised"; exit 1; }
xdotool windowactivate "\$window"
sleep 1
xprop -id "\$window" WM_STATE | grep -q "window state: Normal" || { echo "not restored"; exit 1; }
wait \$app_pid || { echo "angiosim failed:"; cat "$dir/app.log"; exit 1; }
kill \$wm 2>/dev/null || true
SESSION
chmod +x "$dir/session.sh"
xvfb-run -a -s "-screen 0 1600x1000x24" "$dir/session.sh"
# The last frame, drawn after the restore, fills the screen: 1600 x 1000 (the window opens at
# 1280 x 860 on this screen).
size=$(png_size_bytes "$dir/window.png")
[ "$size" = "0 0 6 64 0 0 3 232" ] || { echo "window.png: not fullscreen: size bytes $size"; exit 1; }
test -s "$dir/out/session.jsonl"
echo "window manager: fullscreen, minimised, restored: ok"
