#!/usr/bin/env bash
# ClamAV's daemon for the virus-scan tests. The tests start their own clamd with only the EICAR
# test signature, so no signature download is needed (and none is attempted).
set -euo pipefail
if command -v clamd >/dev/null 2>&1 || [ -x /usr/sbin/clamd ]; then exit 0; fi
echo "Installing clamav-daemon …"
apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends clamav-daemon >/dev/null
