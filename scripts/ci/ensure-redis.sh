#!/usr/bin/env bash
# Makes sure a Redis answers on 127.0.0.1:6379 (sessions and realtime fan-out tests).
set -euo pipefail
if redis-cli -h 127.0.0.1 ping >/dev/null 2>&1; then exit 0; fi
if ! command -v redis-server >/dev/null 2>&1; then
  echo "Installing Redis …"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null
fi
echo "Starting Redis …"
redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no
for _ in $(seq 1 30); do redis-cli -h 127.0.0.1 ping >/dev/null 2>&1 && exit 0; sleep 1; done
echo "Redis did not start" >&2; exit 1
