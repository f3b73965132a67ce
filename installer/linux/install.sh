#!/bin/sh
# Install a built bundle on a Linux staff PC (as root):  sh install.sh [BUNDLE]
# BUNDLE defaults to the carddesk folder beside this script (the release archive), else dist/carddesk.
# DESTDIR=/some/root installs under that root instead of / (a package build, or a test's scratch root).
# Settings and the local database stay in each user's folders (~/.config/CardDesk, ~/.local/share/CardDesk),
# so installing a newer bundle over this one keeps them; /opt/carddesk/uninstall.sh removes the program only.
set -eu
here="$(cd "$(dirname "$0")" && pwd)"
if [ -d "$here/carddesk" ]; then default="$here/carddesk"; else default="$here/../../dist/carddesk"; fi
bundle="${1:-$default}"
root="${DESTDIR:-}"
mkdir -p "$root/opt" "$root/usr/local/bin"
rm -rf "$root/opt/carddesk.new"
cp -a "$bundle" "$root/opt/carddesk.new"
install -m755 "$here/uninstall.sh" "$root/opt/carddesk.new/uninstall.sh"
rm -rf "$root/opt/carddesk.old"
[ ! -d "$root/opt/carddesk" ] || mv "$root/opt/carddesk" "$root/opt/carddesk.old"
mv "$root/opt/carddesk.new" "$root/opt/carddesk"
rm -rf "$root/opt/carddesk.old"
install -Dm644 "$here/carddesk.desktop" "$root/usr/share/applications/carddesk.desktop"
install -Dm644 "$here/carddesk.png" "$root/usr/share/icons/hicolor/256x256/apps/carddesk.png"
ln -sf /opt/carddesk/carddesk "$root/usr/local/bin/carddesk"
if [ -z "$root" ] && command -v update-desktop-database >/dev/null; then
    update-desktop-database -q /usr/share/applications || true
fi
echo "CardDesk installed in $root/opt/carddesk (start it from the menu, or: carddesk; remove: /opt/carddesk/uninstall.sh)"
