/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
// Test harness code: it runs in jest, not inside n8n, so the community-node rules do not apply.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { N8nClient } from './client';
import type { InstalledPackage } from './package';
import type { N8nServerState } from './server';

/** Written by global-setup, read by every test file (in any jest worker) and by teardown. */
export interface SharedN8nState extends N8nServerState {
	n8nVersion: string;
	node24: string;
	/** n8n-nodes-braze as installed from `npm pack`; undefined when dist/ was missing. */
	package?: InstalledPackage;
	/** The harness probe package (zod / n8n-workflow resolution). */
	probe: InstalledPackage;
	/** Length of the server log when start-up finished: log checks up to here = start-up. */
	startupLogLength: number;
}

/** jest workers inherit the env the global setup sets; the fallback path serves a lone run. */
export function sharedStatePath(): string {
	return process.env.N8N_E2E_STATE ?? join(tmpdir(), 'n8n-nodes-braze-e2e', 'state.json');
}

export function writeSharedState(state: SharedN8nState): void {
	writeFileSync(sharedStatePath(), JSON.stringify(state, null, '\t'));
}

export function readSharedState(): SharedN8nState {
	const path = sharedStatePath();
	if (!existsSync(path)) {
		throw new Error(
			`no shared n8n (${path} missing): run e2e tests through jest with harness/global-setup.ts`,
		);
	}
	return JSON.parse(readFileSync(path, 'utf8')) as SharedN8nState;
}

/** Client for the n8n the global setup started (one per test file; logs in on first use). */
export function sharedN8n(): N8nClient & { state: SharedN8nState } {
	const state = readSharedState();
	return Object.assign(new N8nClient(state), { state });
}
