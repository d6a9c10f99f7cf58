# Sourced by the xvfb window tests (xvfb_window.sh, xvfb_window_manager.sh), with their arguments
# ANGIOSIM_BINARY WORK_DIR: sets $app and $dir, makes $dir afresh with a settings file (not a first
# run: no controls overlay over the monitors), and leaves SDL its X11 driver, not the offscreen one
# the other GL tests use.
set -eu
app="$1"
dir="$2"
rm -rf "$dir"
mkdir -p "$dir/config"
echo '{}' > "$dir/config/settings.json"
unset SDL_VIDEODRIVER

# The PNG's width and height as its IHDR stores them (8 bytes, big-endian), one number a byte.
png_size_bytes() {
  test -s "$1"
  od -An -tu1 -j16 -N8 "$1" | tr -s ' ' | sed 's/^ //'
}
