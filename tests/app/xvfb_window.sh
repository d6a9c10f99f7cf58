#!/bin/sh
# The app as a user starts it: a real X11 window on a virtual X server (xvfb-run), the default
# scenario in Practice, the controls overlay toggled with F1, a key held, a screenshot written.
# Usage: xvfb_window.sh ANGIOSIM_BINARY WORK_DIR
. "$(dirname "$0")/window_test_setup.sh"
ANGIOSIM_CONFIG_DIR="$dir/config" xvfb-run -a -s "-screen 0 1600x1000x24" \
  "$app" --practice --frames 40 --keys "5:F1+,6:F1-,10:Space+,30:Space-" \
  --screenshot "$dir/window.png" --out "$dir/out"
# The screenshot: a PNG as large as the window (1280 x 860 on this screen).
size=$(png_size_bytes "$dir/window.png")
[ "$size" = "0 0 5 0 0 0 3 92" ] || { echo "window.png: unexpected size bytes: $size"; exit 1; }
# The session was recorded and reported.
test -s "$dir/out/session.jsonl"
test -s "$dir/out/report.json"
echo "xvfb window: ok"
