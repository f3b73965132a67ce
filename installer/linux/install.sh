#!/bin/sh
# Install a built bundle on a Linux staff PC (as root):  sh installer/linux/install.sh [dist/carddesk]
# Settings and the local database stay in each user's folders (~/.config/CardDesk, ~/.local/share/CardDesk),
# so installing a newer bundle over this one keeps them.
set -eu
here="$(cd "$(dirname "$0")" && pwd)"
bundle="${1:-$here/../../dist/carddesk}"
rm -rf /opt/carddesk.new
cp -a "$bundle" /opt/carddesk.new
rm -rf /opt/carddesk.old
[ ! -d /opt/carddesk ] || mv /opt/carddesk /opt/carddesk.old
mv /opt/carddesk.new /opt/carddesk
rm -rf /opt/carddesk.old
install -Dm644 "$here/carddesk.desktop" /usr/share/applications/carddesk.desktop
install -Dm644 "$here/carddesk.png" /usr/share/icons/hicolor/256x256/apps/carddesk.png
ln -sf /opt/carddesk/carddesk /usr/local/bin/carddesk
command -v update-desktop-database >/dev/null && update-desktop-database -q /usr/share/applications || true
echo "CardDesk installed in /opt/carddesk (start it from the menu, or: carddesk)"
