#!/bin/sh
# Add CSEC Resource Desk to your applications menu, for you only (no administrator needed).
# Run it from the unpacked folder; run it again after moving the folder.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
share="${XDG_DATA_HOME:-$HOME/.local/share}"
resources="$here/_internal/csec_desktop/resources"
mkdir -p "$share/applications" "$share/icons/hicolor/scalable/apps"
cp "$resources/csec-desktop.svg" "$share/icons/hicolor/scalable/apps/csec-desktop.svg"
# The entry names the program by its full path, since the folder is not on PATH.
sed -e "s|^Exec=.*|Exec=\"$here/csec-desktop\"|" -e "s|^TryExec=.*||" \
  "$resources/csec-desktop.desktop" >"$share/applications/csec-desktop.desktop"
echo "Added CSEC Resource Desk to the applications menu: $share/applications/csec-desktop.desktop"
