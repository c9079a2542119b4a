#!/usr/bin/env bash
# Runs "$@" inside a private D-Bus session with an unlocked gnome-keyring (a real Secret Service),
# so keychain tests talk to the same daemon an admin's desktop session would.
# Usage: scripts/with-secret-service.sh CMD [ARGS...]
set -euo pipefail
if ! command -v dbus-run-session >/dev/null || ! command -v gnome-keyring-daemon >/dev/null; then
  echo "with-secret-service: dbus-run-session or gnome-keyring-daemon missing; keychain tests will skip (apt-get install dbus-daemon dbus-user-session gnome-keyring libsecret-tools)" >&2
  exec "$@"
fi
if [ -z "${IBI_ENTRA_IN_SECRET_SESSION:-}" ]; then
  export IBI_ENTRA_IN_SECRET_SESSION=1
  exec dbus-run-session -- "$0" "$@"
fi
unset DISPLAY
# under /tmp whatever TMPDIR says: the keyring's sockets live here, and socket paths are limited to ~107 bytes
tmp=$(mktemp -d /tmp/ibi-entra-keyring-XXXXXX)
export XDG_DATA_HOME="$tmp/data" XDG_RUNTIME_DIR="$tmp/run"
mkdir -p "$XDG_DATA_HOME" "$XDG_RUNTIME_DIR"; chmod 700 "$XDG_RUNTIME_DIR"
# An empty password creates and unlocks the login keyring on first start.
eval "$(printf 'ci-keyring-pw' | gnome-keyring-daemon --unlock --components=secrets)"
export GNOME_KEYRING_CONTROL
for _ in $(seq 1 50); do
  if dbus-send --session --dest=org.freedesktop.DBus --type=method_call --print-reply \
      /org/freedesktop/DBus org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null | grep -q 'boolean true'; then
    break
  fi
  sleep 0.1
done
set +e
"$@"
rc=$?
rm -rf "$tmp"
exit $rc
