#!/usr/bin/env bash
# Compatibility matrix: does the packed package load and pass the smoke e2e in an older n8n line?
# Installs n8n 1.123.x (the latest 1.123 patch on the registry) with Node 22 (npm package
# `node@22`) into ~/.cache/n8n-nodes-braze/n8n-<version> (outside git), then runs
# test/e2e/smoke.e2e.test.ts against it (the harness packs and installs the package itself).
#
#   bash scripts/compat-matrix.sh            install if needed, build, run the smoke e2e
#   bash scripts/compat-matrix.sh install    install only
#
# Env: COMPAT_N8N (default: latest 1.123.x), COMPAT_NODE (default node@22), COMPAT_XLSX=registry
# (see below: without it n8n 1.x does not install from the npm registry alone).
set -euo pipefail
cd "$(dirname "$0")/.."

START=$(date +%s)
log() { printf '[compat %4ss] %s\n' "$(( $(date +%s) - START ))" "$*"; }

# npm view prints every matching version; keep the highest (versions are not listed in order).
latest() {
	npm view "$1" version --json | node -e '
		const v = [].concat(JSON.parse(require("fs").readFileSync(0, "utf8")));
		const key = (s) => s.split(".").map(Number);
		v.sort((a, b) => { const x = key(a), y = key(b); return x[0] - y[0] || x[1] - y[1] || x[2] - y[2]; });
		console.log(v.at(-1));'
}

N8N_VERSION="${COMPAT_N8N:-$(latest 'n8n@1.123')}"
NODE_SPEC="${COMPAT_NODE:-node@22}"
NODE_MAJOR="${NODE_SPEC#node@}"
RUNTIME_DIR="$HOME/.cache/n8n-nodes-braze/n8n-$N8N_VERSION"
MARKER="$RUNTIME_DIR/runtime.json"
NODE_BIN="$RUNTIME_DIR/node/node_modules/node/bin/node"
N8N_BIN="$RUNTIME_DIR/n8n/node_modules/n8n/bin/n8n"
# Outside this repo, so its .npmrc (ignore-scripts=true) does not apply; npm_config_* from a
# calling `npm run` would, so scripts are switched on explicitly where they must run.
NPM_FLAGS=(--no-audit --no-fund --loglevel=warn)

install() {
	if [ -f "$MARKER" ] && grep -q "\"n8nVersion\": \"$N8N_VERSION\"" "$MARKER"; then
		log "n8n $N8N_VERSION already installed in $RUNTIME_DIR"
		return
	fi
	log "installing n8n $N8N_VERSION + $NODE_SPEC into $RUNTIME_DIR"
	rm -rf "$RUNTIME_DIR"
	mkdir -p "$RUNTIME_DIR/node" "$RUNTIME_DIR/n8n"
	echo '{"name":"compat-node","private":true}' >"$RUNTIME_DIR/node/package.json"
	(cd "$RUNTIME_DIR/node" && npm install "${NPM_FLAGS[@]}" --ignore-scripts=false "$NODE_SPEC")
	local version
	version="$("$NODE_BIN" -v)"
	case "$version" in v"$NODE_MAJOR".*) log "node $version" ;; *) log "expected Node $NODE_MAJOR, got $version"; exit 1 ;; esac
	# node-gyp needs headers; node-<os>-<arch> ships them (nodejs.org is not reachable here).
	local headers
	headers="$(dirname "$(dirname "$(readlink -f "$RUNTIME_DIR/node/node_modules/node/node_modules/"node-*/bin/node)")")"
	export PATH="$(dirname "$NODE_BIN"):$PATH"
	export npm_config_nodedir="$headers"
	# n8n 1.x's n8n-nodes-base depends on xlsx as a tarball URL on cdn.sheetjs.com, outside the npm
	# registry (unreachable here: ENOTFOUND). COMPAT_XLSX=registry swaps in the registry's last
	# xlsx (0.18.5) so the rest can be measured; it changes n8n's install, so results say so.
	if [ "${COMPAT_XLSX:-}" = registry ]; then
		echo '{"name":"compat-n8n","private":true,"overrides":{"xlsx":"npm:xlsx@0.18.5"}}' >"$RUNTIME_DIR/n8n/package.json"
	else
		echo '{"name":"compat-n8n","private":true}' >"$RUNTIME_DIR/n8n/package.json"
	fi
	log "n8n@$N8N_VERSION without install scripts"
	(cd "$RUNTIME_DIR/n8n" && npm install "${NPM_FLAGS[@]}" --ignore-scripts "n8n@$N8N_VERSION")
	# Native modules n8n needs: sqlite3 always, isolated-vm where this n8n line has it.
	local rebuild=(sqlite3)
	[ -d "$RUNTIME_DIR/n8n/node_modules/isolated-vm" ] && rebuild+=(isolated-vm)
	[ -d "$RUNTIME_DIR/n8n/node_modules/node" ] && rebuild=(node "${rebuild[@]}")
	log "npm rebuild ${rebuild[*]} for Node $NODE_MAJOR"
	if ! (cd "$RUNTIME_DIR/n8n" && npm rebuild "${NPM_FLAGS[@]}" --ignore-scripts=false --foreground-scripts "${rebuild[@]}") >"$RUNTIME_DIR/rebuild.log" 2>&1; then
		tail -n 30 "$RUNTIME_DIR/rebuild.log"
		log "npm rebuild failed: $RUNTIME_DIR/rebuild.log"
		exit 1
	fi
	local got
	got="$(cd "$RUNTIME_DIR/n8n" && "$NODE_BIN" "$N8N_BIN" --version 2>/dev/null | tail -n 1)"
	[ "$got" = "$N8N_VERSION" ] || { log "n8n --version printed '$got', expected $N8N_VERSION"; exit 1; }
	# The harness marker format (harness/runtime.ts); `node24` is its name for "the Node that runs n8n".
	cat >"$MARKER" <<EOF
{
	"n8nVersion": "$N8N_VERSION",
	"nodeVersion": "$version",
	"node24": "$NODE_BIN",
	"n8nBin": "$N8N_BIN",
	"installedAt": "$(date -u +%Y-%m-%dT%H:%M:%SZ)"
}
EOF
	log "installed: $(du -sh "$RUNTIME_DIR" | cut -f1)"
}

install
[ "${1:-}" = install ] && exit 0

log 'npm run build'
npm run build >/dev/null
log "smoke e2e on n8n $N8N_VERSION, $("$NODE_BIN" -v)"
status=0
N8N_RUNTIME_DIR="$RUNTIME_DIR" N8N_VERSION="$N8N_VERSION" npx jest test/e2e/smoke.e2e.test.ts --selectProjects e2e || status=$?
log "n8n $N8N_VERSION on $("$NODE_BIN" -v): smoke e2e $([ "$status" = 0 ] && echo PASSED || echo FAILED)"
exit "$status"
