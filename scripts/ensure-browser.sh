#!/usr/bin/env bash
# Makes sure the headless browser the dashboard tests drive is installed: Debian's
# chromium at /usr/bin/chromium (playwright's own browser downloads are not used).
# Idempotent and quiet when it is already there. On a machine that is not Debian it
# only says so: the browser tests then skip themselves with the same message.
set -euo pipefail

BROWSER=/usr/bin/chromium
[ -x "$BROWSER" ] && exit 0

if [ ! -f /etc/debian_version ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "ensure-browser: $BROWSER is missing and this is not Debian; install Chromium there to run the dashboard browser tests (test/web), which skip until then." >&2
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    SUDO="sudo -n"
  else
    echo "ensure-browser: $BROWSER is missing and installing it needs root: run 'apt-get install chromium' as root; the dashboard browser tests skip until then." >&2
    exit 0
  fi
fi

echo "ensure-browser: installing Debian's chromium for the dashboard browser tests…" >&2
log=$(mktemp)
if ! { $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium; } >"$log" 2>&1; then
  tail -n 30 "$log" >&2
  rm -f "$log"
  echo "ensure-browser: apt-get could not install chromium (output above)." >&2
  exit 1
fi
rm -f "$log"
[ -x "$BROWSER" ] || { echo "ensure-browser: chromium installed but $BROWSER is missing" >&2; exit 1; }
