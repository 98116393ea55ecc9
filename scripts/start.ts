/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-dangerous-functions, no-console */
/**
 * `npm start`: the package running in a real n8n, ready to click through.
 * Checks that N8N_PORT and SANDBOX_PORT are free, builds, starts the Braze sandbox, installs the
 * packed package into the demo user folder the way Settings > Community Nodes does, imports what
 * that folder lacks (a sandbox credential, the Ketch, Komo and GrowthLoop webhook credentials with
 * a demo secret, every template of workflows/ by its id), starts n8n, publishes the webhook
 * templates it just imported, prints where everything is. Ctrl-C stops n8n and the sandbox.
 * Workflows, credentials and executions in the folder survive restarts: nothing is deleted.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';

import { startSandbox } from '../sandbox/server';
import { N8nClient, OWNER } from '../harness/client';
import { importCredential, importWorkflow, runN8nCli } from '../harness/cli';
import { packPackage } from '../harness/package';
import { REPO_ROOT, ensureRuntime } from '../harness/runtime';
import { startN8n } from '../harness/server';
import { type Template, type TemplateNode } from '../harness/templates';

const N8N_PORT = Number(process.env.N8N_PORT ?? 5678);
const SANDBOX_PORT = Number(process.env.SANDBOX_PORT ?? 4010);

/** Demo secrets, so the webhook templates can be published and called right away. */
const DEMO_SECRET = 'demo-secret-change-me';

/** The webhook credentials imported below, with the demo secret. */
const WEBHOOK_CREDENTIALS = {
	ketchApi: { id: 'ketch-webhook', name: 'Ketch webhook', data: { token: DEMO_SECRET } },
	komoWebhookApi: { id: 'komo-webhook', name: 'Komo webhook', data: { headerName: 'X-Komo-Token', secret: DEMO_SECRET } },
	growthLoopWebhookApi: { id: 'growthloop-webhook', name: 'GrowthLoop webhook', data: { headerName: 'Authorization', token: DEMO_SECRET } },
};

/** Points a trigger at its demo credential and returns how to call it (URL paths and the header). */
function prepareTrigger(node: TemplateNode): { paths: string[]; header: string } | undefined {
	const id = node.webhookId;
	if (!id) return undefined;
	const useCredential = (type: keyof typeof WEBHOOK_CREDENTIALS) => {
		const { id: credentialId, name } = WEBHOOK_CREDENTIALS[type];
		node.credentials = { ...node.credentials, [type]: { id: credentialId, name } };
	};
	switch (node.type) {
		case 'n8n-nodes-braze.komoTrigger':
			useCredential('komoWebhookApi');
			return { paths: [`${id}/webhook`], header: `${WEBHOOK_CREDENTIALS.komoWebhookApi.data.headerName}: ${DEMO_SECRET}` };
		case 'n8n-nodes-braze.growthLoopTrigger':
			useCredential('growthLoopWebhookApi');
			return { paths: [`${id}/add`, `${id}/remove`], header: `Authorization: Bearer ${DEMO_SECRET}` };
		case 'n8n-nodes-braze.ketchTrigger':
			useCredential('ketchApi');
			return { paths: [`${id}/webhook`], header: `Authorization: Bearer ${DEMO_SECRET}` };
		default:
			return undefined;
	}
}

/** A problem the user fixes (e.g. a busy port): printed without a stack trace. */
class StartError extends Error {}

/** Fails at once, before the build, when something already listens on a port we need. */
async function assertFree(port: number, variable: string): Promise<void> {
	await new Promise<void>((resolve, reject) => {
		const probe = createServer();
		probe.once('error', (error: NodeJS.ErrnoException) =>
			reject(
				new StartError(
					error.code === 'EADDRINUSE'
						? `Port ${port} is in use (${variable}). Stop what listens there (another npm start?) or run e.g. ${variable}=${port + 1} npm start`
						: `Port ${port} (${variable}) cannot be used: ${error.message}`,
				),
			),
		);
		probe.listen(port, '127.0.0.1', () => probe.close(() => resolve()));
	});
}

/** Ids of the workflows and credentials the demo folder already holds (none in a fresh folder). */
async function existingIds(userFolder: string): Promise<Set<string>> {
	const ids = new Set<string>();
	if (!existsSync(join(userFolder, '.n8n', 'database.sqlite'))) return ids;
	const dir = mkdtempSync(join(tmpdir(), 'n8n-braze-start-'));
	try {
		for (const kind of ['workflow', 'credentials']) {
			const file = join(dir, `${kind}.json`);
			const result = await runN8nCli(userFolder, [`export:${kind}`, '--all', `--output=${file}`]);
			// n8n exits non-zero when there is nothing to export: then there is nothing to keep.
			if (result.code !== 0 || !existsSync(file)) continue;
			for (const entry of JSON.parse(readFileSync(file, 'utf8')) as Array<{ id: string }>) ids.add(entry.id);
		}
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
	return ids;
}

async function main() {
	await assertFree(N8N_PORT, 'N8N_PORT');
	await assertFree(SANDBOX_PORT, 'SANDBOX_PORT');
	console.log('Building...');
	execFileSync('npm', ['run', 'build'], { cwd: REPO_ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
	ensureRuntime();
	const sandbox = await startSandbox({ port: SANDBOX_PORT });
	console.log(`Braze sandbox:   ${sandbox.url} (state: ${sandbox.url}/_sandbox/state)`);

	const userFolder = join(homedir(), '.cache', 'n8n-nodes-braze', 'demo');
	mkdirSync(userFolder, { recursive: true });
	// Replaces only .n8n/nodes/node_modules/n8n-nodes-braze: the fresh build.
	packPackage(userFolder);
	const existing = await existingIds(userFolder);
	if (existing.size > 0) console.log(`Keeping the ${existing.size} workflows and credentials already in ${userFolder}`);

	if (!existing.has('braze-sandbox')) {
		await importCredential(userFolder, {
			id: 'braze-sandbox',
			name: 'Braze sandbox',
			type: 'brazeApi',
			data: { apiKey: 'sandbox-api-key', instance: 'custom', customUrl: sandbox.url, trackBatchLimit: 'combined50' },
		});
	}
	for (const [type, { id, name, data }] of Object.entries(WEBHOOK_CREDENTIALS)) {
		if (!existing.has(id)) await importCredential(userFolder, { id, name, type, data });
	}

	const templates = readdirSync(join(REPO_ROOT, 'workflows')).filter((file) => file.endsWith('.json'));
	const imported: Array<{ id: string; name: string; webhooks: string[]; header?: string; isNew: boolean }> = [];
	for (const file of templates) {
		// As shipped, with its own id: a workflow the folder has under that id is the user's now.
		const workflow = JSON.parse(readFileSync(join(REPO_ROOT, 'workflows', file), 'utf8')) as Template & { id: string };
		const triggers = workflow.nodes.map(prepareTrigger).filter((t) => t !== undefined);
		const isNew = !existing.has(workflow.id);
		if (isNew) await importWorkflow(userFolder, workflow);
		imported.push({ id: workflow.id, name: workflow.name, webhooks: triggers.flatMap((t) => t.paths), header: triggers[0]?.header, isNew });
	}

	const server = await startN8n({ userFolder, port: N8N_PORT });
	const client = new N8nClient(server.state);
	// Only what was just imported: the user may have unpublished the others on purpose.
	for (const workflow of imported.filter((w) => w.isNew && w.webhooks.length)) {
		try {
			await client.publishWorkflow(workflow.id);
		} catch (error) {
			console.log(`(could not publish "${workflow.name}": ${(error as Error).message.slice(0, 200)})`);
		}
	}

	console.log(`\nn8n editor:      ${server.state.url}   (log in as ${OWNER.email} / ${OWNER.password})`);
	console.log('Templates:');
	for (const workflow of imported) {
		console.log(`  - ${workflow.name}: ${server.state.url}/workflow/${workflow.id}`);
		for (const path of workflow.webhooks) console.log(`      webhook: POST ${server.state.url}/webhook/${path}`);
		if (workflow.header) console.log(`      header:  ${workflow.header}`);
	}
	console.log(
		'\nThe "Braze sandbox" credential points at the local sandbox. To use your real Braze instead, open\n' +
			'Credentials > Braze sandbox, enter a REST API key and pick your instance (dashboard-03.braze.com is US-03),\n' +
			'or create a new Braze API credential and select it in the Braze nodes.\n' +
			`The "Ketch webhook", "Komo webhook" and "GrowthLoop webhook" credentials hold the demo secret "${DEMO_SECRET}":\n` +
			'set your own long random value there before a partner calls these URLs.\n\nCtrl-C stops everything.',
	);

	let stopping = false;
	const stop = async () => {
		if (stopping) return;
		stopping = true;
		console.log('\nStopping n8n and the sandbox...');
		await server.stop();
		await sandbox.close();
		process.exit(0);
	};
	process.on('SIGINT', () => void stop());
	process.on('SIGTERM', () => void stop());
}

main().catch((error) => {
	console.error(error instanceof StartError ? error.message : error);
	process.exit(1);
});
