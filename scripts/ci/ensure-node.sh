#!/usr/bin/env bash
# Brings Node.js 24 LTS onto a machine whose `node` is older, from the npm registry's
# `node-linux-<arch>` package (a plain binary with its own headers; no other download), and
# makes it the `node` of the calling shell:
#
#   source scripts/ci/ensure-node.sh          # at the start of a session, or in CI
#
# When sourced it puts Node 24's bin first on PATH and points node-gyp at Node 24's headers
# (npm_config_nodedir), so native modules (better-sqlite3, argon2) build for it; when an
# existing node_modules was built for another Node it rebuilds them. Run directly, it does the
# same and prints the two export lines for an `eval`.
# BERADIG_NODE_VERSION picks the version, BERADIG_NODE_HOME where it is kept.

_beradig_ensure_node() {
  local want="${BERADIG_NODE_VERSION:-24.22.3}"
  local major="${want%%.*}"
  local have
  have="$(node -p 'process.versions.node' 2>/dev/null || echo 0)"

  if [ "${have%%.*}" -lt "$major" ]; then
    local arch
    case "$(uname -m)" in
      x86_64 | amd64) arch=x64 ;;
      aarch64 | arm64) arch=arm64 ;;
      *) echo "ensure-node: no Node.js package for $(uname -m); install Node.js $major yourself" >&2; return 1 ;;
    esac
    local home="${BERADIG_NODE_HOME:-${XDG_CACHE_HOME:-$HOME/.cache}/beradig/node-v$want-linux-$arch}"
    if [ ! -x "$home/bin/node" ]; then
      echo "ensure-node: Node.js $have is older than $major; installing $want from the npm registry (node-linux-$arch) …" >&2
      local tmp
      tmp="$(mktemp -d)"
      # npm pack verifies the registry's integrity hash; the tarball is the whole distribution.
      (cd "$tmp" && npm pack --silent "node-linux-$arch@$want" >/dev/null) || { rm -rf "$tmp"; return 1; }
      mkdir -p "$home.partial"
      tar -xzf "$tmp"/node-linux-"$arch"-"$want".tgz -C "$home.partial" --strip-components=1 || { rm -rf "$tmp" "$home.partial"; return 1; }
      rm -rf "$tmp" "$home"
      mv "$home.partial" "$home"
    fi
    export PATH="$home/bin:$PATH"
    # Headers for node-gyp: the machine's npmrc may point at the old Node's (nodedir=/usr).
    export npm_config_nodedir="$home"
    hash -r 2>/dev/null || true
  else
    # node-gyp must build against the running Node's headers, not another one's.
    local prefix
    prefix="$(dirname "$(dirname "$(command -v node)")")"
    if [ -f "$prefix/include/node/node_version.h" ]; then export npm_config_nodedir="$prefix"; fi
  fi

  echo "ensure-node: using Node.js $(node -v) ($(command -v node))" >&2

  # An existing node_modules built for another Node cannot load its native modules.
  local root
  root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
  if [ -d "$root/node_modules/better-sqlite3" ] || [ -d "$root/node_modules/argon2" ]; then
    if ! (cd "$root" && node -e "require('better-sqlite3'); require('argon2')" >/dev/null 2>&1); then
      echo "ensure-node: rebuilding native modules for Node.js $(node -v) …" >&2
      (cd "$root" && npm rebuild better-sqlite3 argon2 >/dev/null) || return 1
    fi
  fi
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  set -euo pipefail
  _beradig_ensure_node
  printf 'export PATH=%q\nexport npm_config_nodedir=%q\n' "$PATH" "${npm_config_nodedir:-}"
else
  _beradig_ensure_node
fi
