/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
// Test harness code: it runs in jest, not inside n8n, so the community-node rules do not apply.
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';

import { stopN8nPid } from './server';
import { readSharedState, sharedStatePath } from './shared';

/**
 * jest globalTeardown: stops the shared n8n and removes its temp folder, unless
 * E2E_KEEP=1 (keeps the user folder, database and log for a post-mortem).
 */
export default async function globalTeardown(): Promise<void> {
	const server = globalThis.__N8N_E2E_SERVER__;
	if (server) {
		await server.stop();
		globalThis.__N8N_E2E_SERVER__ = undefined;
	} else {
		// Same process as the setup normally; the pid covers a setup run elsewhere.
		await stopN8nPid(readSharedState().pid);
	}
	const stateDir = dirname(sharedStatePath());
	if (process.env.E2E_KEEP === '1') {
		process.stderr.write(`[e2e] kept ${stateDir}\n`);
	} else if (process.env.N8N_E2E_STATE) {
		rmSync(stateDir, { recursive: true, force: true });
	}
}
