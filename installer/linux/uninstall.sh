#!/bin/sh
# Remove CardDesk (as root):  sh /opt/carddesk/uninstall.sh     (DESTDIR=/some/root: from under that root)
# Only the program goes: every user's settings and desk database stay (~/.config/CardDesk,
# ~/.local/share/CardDesk) with their backups, for a reinstall or for the library's records.
set -eu
root="${DESTDIR:-}"
rm -f "$root/usr/local/bin/carddesk" "$root/usr/share/applications/carddesk.desktop" \
    "$root/usr/share/icons/hicolor/256x256/apps/carddesk.png"
rm -rf "$root/opt/carddesk"
if [ -z "$root" ] && command -v update-desktop-database >/dev/null; then
    update-desktop-database -q /usr/share/applications || true
fi
echo "CardDesk removed; the desks' data stays in each user's folders"
