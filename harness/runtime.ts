/* eslint-disable @n8n/community-nodes/no-dangerous-functions, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
// Test harness code: it runs in jest, not inside n8n, so the community-node rules do not apply.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

/** The n8n scripts/n8n-runtime.sh pins and installs. */
export const PINNED_N8N_VERSION = '2.40.7';
/** N8N_VERSION (with N8N_RUNTIME_DIR) picks another n8n already installed, e.g. by scripts/compat-matrix.sh. */
export const N8N_VERSION = process.env.N8N_VERSION ?? PINNED_N8N_VERSION;
export const REPO_ROOT = resolve(__dirname, '..');
export const RUNTIME_SCRIPT = join(REPO_ROOT, 'scripts', 'n8n-runtime.sh');

export interface Runtime {
	/** Node 24 binary that runs n8n (jest itself runs on the machine's Node 20). */
	node24: string;
	/** `n8n/bin/n8n`, to be run as `<node24> <n8nBin> ...`. */
	n8nBin: string;
	n8nVersion: string;
	/** Folder holding n8n's node_modules (zod, n8n-workflow, flatted, ...). */
	n8nDir: string;
	runtimeDir: string;
}

/** Same default as scripts/n8n-runtime.sh; N8N_RUNTIME_DIR overrides both. */
export function runtimeDir(): string {
	return (
		process.env.N8N_RUNTIME_DIR ??
		join(homedir(), '.cache', 'n8n-nodes-braze', `n8n-${N8N_VERSION}`)
	);
}

function readMarker(dir: string): Runtime | undefined {
	const marker = join(dir, 'runtime.json');
	if (!existsSync(marker)) return undefined;
	const data = JSON.parse(readFileSync(marker, 'utf8')) as {
		node24: string;
		n8nBin: string;
		n8nVersion: string;
	};
	if (data.n8nVersion !== N8N_VERSION) return undefined;
	if (!existsSync(data.node24) || !existsSync(data.n8nBin)) return undefined;
	return {
		node24: data.node24,
		n8nBin: data.n8nBin,
		n8nVersion: data.n8nVersion,
		n8nDir: join(dir, 'n8n'),
		runtimeDir: dir,
	};
}

let cached: Runtime | undefined;

/**
 * Returns the installed runtime, running scripts/n8n-runtime.sh first when its marker is
 * missing (fresh clone: ~4-5 min, progress goes to the terminal).
 */
export function ensureRuntime(): Runtime {
	if (cached) return cached;
	const dir = runtimeDir();
	let runtime = readMarker(dir);
	if (!runtime && N8N_VERSION !== PINNED_N8N_VERSION) {
		// scripts/n8n-runtime.sh installs only the pinned version (and would wipe the folder).
		throw new Error(`n8n ${N8N_VERSION} is not installed in ${dir} (scripts/compat-matrix.sh installs other versions)`);
	}
	if (!runtime) {
		process.stderr.write(
			`[e2e] n8n ${N8N_VERSION} runtime not found in ${dir}, installing (takes a few minutes)\n`,
		);
		const result = spawnSync('bash', [RUNTIME_SCRIPT], {
			stdio: ['ignore', 'inherit', 'inherit'],
			env: { ...process.env, N8N_RUNTIME_DIR: dir },
		});
		if (result.status !== 0) {
			throw new Error(`scripts/n8n-runtime.sh failed with exit code ${String(result.status)}`);
		}
		runtime = readMarker(dir);
		if (!runtime) throw new Error(`scripts/n8n-runtime.sh finished but left no marker in ${dir}`);
	}
	cached = runtime;
	return runtime;
}
