#!/usr/bin/env bash
# Installs a pinned n8n and the Node 24 it needs into a cache folder outside git, for the e2e
# tests and local demos. Idempotent: a marker written only after a verified install means
# "done"; without it, whatever is in the folder is wiped and installed again.
#
#   bash scripts/n8n-runtime.sh            install if needed, print the paths
#   bash scripts/n8n-runtime.sh --force    reinstall even if the marker is there
#
# Env: N8N_RUNTIME_DIR (install folder), N8N_RUNTIME_QUIET=1 (no heartbeat lines).
set -euo pipefail

N8N_VERSION='2.40.7'
NODE_SPEC='node@24'
RUNTIME_DIR="${N8N_RUNTIME_DIR:-$HOME/.cache/n8n-nodes-braze/n8n-$N8N_VERSION}"
MARKER="$RUNTIME_DIR/runtime.json"
NODE_DIR="$RUNTIME_DIR/node24"
N8N_DIR="$RUNTIME_DIR/n8n"
NODE24="$NODE_DIR/node_modules/node/bin/node"
N8N_BIN="$N8N_DIR/node_modules/n8n/bin/n8n"

FORCE=0
[ "${1:-}" = '--force' ] && FORCE=1

START=$(date +%s)
log() { printf '[n8n-runtime %3ss] %s\n' "$(( $(date +%s) - START ))" "$*"; }

print_paths() {
	echo "node24: $NODE24"
	echo "n8n:    $N8N_BIN"
	echo "marker: $MARKER"
}

installed() {
	# The version check matters when N8N_RUNTIME_DIR points at a folder from another pin.
	[ -f "$MARKER" ] && grep -q "\"n8nVersion\": \"$N8N_VERSION\"" "$MARKER" &&
		[ -x "$NODE24" ] && [ -f "$N8N_BIN" ]
}

if [ "$FORCE" = 0 ] && installed; then
	log "n8n $N8N_VERSION already installed in $RUNTIME_DIR"
	print_paths
	exit 0
fi

mkdir -p "$(dirname "$RUNTIME_DIR")"
# Two runs at once (jest globalSetup and a shell) must not interleave in the same folder.
exec 9>"$RUNTIME_DIR.lock"
if ! flock -n 9; then
	log "another install holds $RUNTIME_DIR.lock, waiting for it"
	flock 9
	if [ "$FORCE" = 0 ] && installed; then
		log 'the other run finished the install'
		print_paths
		exit 0
	fi
fi

# No marker: a previous run may have died half-way, so start from a clean folder.
log "installing n8n $N8N_VERSION + $NODE_SPEC into $RUNTIME_DIR"
rm -rf "$RUNTIME_DIR"
mkdir -p "$NODE_DIR" "$N8N_DIR"

# npm shows no progress bar without a TTY: print the size on disk every 20 s instead.
HEARTBEAT_PID=''
heartbeat() {
	while sleep 20; do
		log "  ... $(du -sh "$RUNTIME_DIR" 2>/dev/null | cut -f1) on disk"
	done
}
stop_heartbeat() {
	if [ -n "$HEARTBEAT_PID" ]; then
		kill "$HEARTBEAT_PID" 2>/dev/null || true
		wait "$HEARTBEAT_PID" 2>/dev/null || true
		HEARTBEAT_PID=''
	fi
}
trap stop_heartbeat EXIT
if [ "${N8N_RUNTIME_QUIET:-0}" != 1 ]; then
	heartbeat &
	HEARTBEAT_PID=$!
fi

NPM_FLAGS=(--no-audit --no-fund --loglevel=warn)
# Scripts must run in steps 1 and 3 even when called from `npm test` in a repo whose .npmrc
# says ignore-scripts=true (npm hands its config down as npm_config_* variables).
WITH_SCRIPTS=(--ignore-scripts=false)

log "step 1/4: $NODE_SPEC (the npm package ships the Node binary)"
echo '{"name":"n8n-runtime-node","private":true}' >"$NODE_DIR/package.json"
# The node package's preinstall fetches node-<os>-<arch> from the registry: scripts must run.
(cd "$NODE_DIR" && npm install "${NPM_FLAGS[@]}" "${WITH_SCRIPTS[@]}" "$NODE_SPEC")
NODE_VERSION="$("$NODE24" -v)"
case "$NODE_VERSION" in
	v24.*) log "  node $NODE_VERSION" ;;
	*) log "expected Node 24, got $NODE_VERSION"; exit 1 ;;
esac
# Headers for node-gyp ship inside node-<os>-<arch>; nodejs.org is not reachable from here.
NODE_HEADERS_DIR="$(dirname "$(dirname "$(readlink -f "$NODE_DIR/node_modules/node/node_modules/"node-*/bin/node)")")"
[ -f "$NODE_HEADERS_DIR/include/node/node_api.h" ] || { log "no Node headers in $NODE_HEADERS_DIR"; exit 1; }

# From here npm, its lifecycle scripts and node-gyp all run on Node 24, so native modules
# are built for Node 24's ABI against its own headers (~/.npmrc may point nodedir elsewhere).
export PATH="$(dirname "$NODE24"):$PATH"
export npm_config_nodedir="$NODE_HEADERS_DIR"

log "step 2/4: n8n@$N8N_VERSION without install scripts (the slow part, ~2.8 GB)"
echo '{"name":"n8n-runtime","private":true}' >"$N8N_DIR/package.json"
(cd "$N8N_DIR" && npm install "${NPM_FLAGS[@]}" --ignore-scripts "n8n@$N8N_VERSION")

log 'step 3/4: compile sqlite3 for Node 24 (~1 min; no prebuilt binary is reachable offline)'
# isolated-vm (expression engine) ships a Node 24 prebuild, so only sqlite3 needs compiling.
REBUILD=(sqlite3)
# Packages named "node" inside the tree only get their binary from a preinstall script.
[ -d "$N8N_DIR/node_modules/node" ] && REBUILD=(node "${REBUILD[@]}")
REBUILD_LOG="$RUNTIME_DIR/rebuild.log"
if ! (cd "$N8N_DIR" && npm rebuild "${NPM_FLAGS[@]}" "${WITH_SCRIPTS[@]}" --foreground-scripts "${REBUILD[@]}") >"$REBUILD_LOG" 2>&1; then
	tail -n 40 "$REBUILD_LOG"
	log "npm rebuild failed, full log: $REBUILD_LOG"
	exit 1
fi

log 'step 4/4: verify'
(cd "$N8N_DIR" && "$NODE24" -e "require('sqlite3'); require('isolated-vm'); console.log('  sqlite3 and isolated-vm load on ' + process.version)")
GOT="$(cd "$N8N_DIR" && "$NODE24" "$N8N_BIN" --version 2>/dev/null | tail -n 1)"
[ "$GOT" = "$N8N_VERSION" ] || { log "n8n --version printed '$GOT', expected $N8N_VERSION"; exit 1; }
log "  n8n --version: $GOT"

stop_heartbeat
cat >"$MARKER" <<EOF
{
	"n8nVersion": "$N8N_VERSION",
	"nodeVersion": "$NODE_VERSION",
	"node24": "$NODE24",
	"n8nBin": "$N8N_BIN",
	"installedAt": "$(date -u +%Y-%m-%dT%H:%M:%SZ)"
}
EOF
log "done: $(du -sh "$RUNTIME_DIR" | cut -f1) in $RUNTIME_DIR"
print_paths
