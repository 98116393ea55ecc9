/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
// Test harness code: it runs in jest, not inside n8n, so the community-node rules do not apply.
import { existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { installPackageDir, packPackage, type InstalledPackage } from './package';
import { REPO_ROOT, ensureRuntime } from './runtime';
import { startN8n, type N8nServer } from './server';
import { sharedStatePath, writeSharedState } from './shared';

declare global {
	var __N8N_E2E_SERVER__: N8nServer | undefined;
}

const PROBE_DIR = join(__dirname, 'fixtures', 'n8n-nodes-e2e-probe');

/** True when every node and credential file package.json lists is built. */
function packageBuilt(): boolean {
	const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
		n8n?: { nodes?: string[]; credentials?: string[] };
	};
	const files = [...(pkg.n8n?.nodes ?? []), ...(pkg.n8n?.credentials ?? [])];
	return files.length > 0 && files.every((file) => existsSync(join(REPO_ROOT, file)));
}

/**
 * jest globalSetup: installs the runtime if needed, installs n8n-nodes-braze (from npm pack)
 * and the probe package into a fresh user folder, starts ONE n8n for the whole run, sets up
 * the owner, and leaves the details in the file N8N_E2E_STATE names.
 */
export default async function globalSetup(): Promise<void> {
	const runtime = ensureRuntime();
	const stateDir = mkdtempSync(join(tmpdir(), 'n8n-nodes-braze-e2e-'));
	process.env.N8N_E2E_STATE = join(stateDir, 'state.json');
	const userFolder = join(stateDir, 'user');
	mkdirSync(userFolder);

	// Missing dist/ fails the run (npm test builds first) unless E2E_WITHOUT_PACKAGE=1, for
	// checking the harness alone; the package tests are then skipped.
	let installed: InstalledPackage | undefined;
	if (process.env.E2E_WITHOUT_PACKAGE === '1') {
		process.stderr.write('[e2e] E2E_WITHOUT_PACKAGE=1: n8n starts without n8n-nodes-braze\n');
	} else if (packageBuilt()) {
		installed = packPackage(userFolder);
	} else {
		throw new Error(
			'dist/ lacks files package.json#n8n lists: run npm run build first ' +
				'(or E2E_WITHOUT_PACKAGE=1 to run the harness without the package)',
		);
	}
	const probe = installPackageDir(userFolder, PROBE_DIR);

	const server = await startN8n({ userFolder });
	globalThis.__N8N_E2E_SERVER__ = server;
	const startupLogLength = server.readLog().length;
	await server.login();
	writeSharedState({
		...server.state,
		n8nVersion: runtime.n8nVersion,
		node24: runtime.node24,
		package: installed,
		probe,
		startupLogLength,
	});
	process.stderr.write(
		`\n[e2e] n8n ${runtime.n8nVersion} up at ${server.url} in ${server.startupMs} ms ` +
			`(log ${server.logPath}, state ${sharedStatePath()})\n`,
	);
}
