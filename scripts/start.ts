/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, no-console */
/**
 * `npm start`: the package running in a real n8n, ready to click through.
 * Builds (the npm script does), starts the Braze sandbox, installs the packed package into a
 * fresh n8n user folder the way Settings > Community Nodes does, imports a sandbox credential
 * and every template in workflows/, starts n8n, publishes the webhook templates, prints where
 * everything is. Ctrl-C stops n8n and the sandbox.
 */
import { mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

import { startSandbox } from '../sandbox/server';
import { N8nClient, OWNER } from '../test/e2e/harness/client';
import { importCredential, importWorkflow } from '../test/e2e/harness/cli';
import { packPackage } from '../test/e2e/harness/package';
import { REPO_ROOT, ensureRuntime } from '../test/e2e/harness/runtime';
import { startN8n } from '../test/e2e/harness/server';

const N8N_PORT = Number(process.env.N8N_PORT ?? 5678);
const SANDBOX_PORT = Number(process.env.SANDBOX_PORT ?? 4010);

interface TemplateNode {
	type: string;
	parameters?: Record<string, unknown>;
	webhookId?: string;
}

/** Demo secrets, so the webhook templates can be published and called right away. */
const DEMO_SECRET = 'demo-secret-change-me';

/** Fills the secrets a trigger needs and returns how to call it (URL paths and the header). */
function prepareTrigger(node: TemplateNode): { paths: string[]; header: string } | undefined {
	const id = node.webhookId;
	if (!id) return undefined;
	const parameters = (node.parameters ??= {});
	switch (node.type) {
		case 'n8n-nodes-braze.komoTrigger':
			parameters.secret ||= DEMO_SECRET;
			return { paths: [`${id}/webhook`], header: `${String(parameters.headerName ?? 'X-Komo-Token')}: ${DEMO_SECRET}` };
		case 'n8n-nodes-braze.growthLoopTrigger':
			parameters.token ||= DEMO_SECRET;
			return { paths: [`${id}/add`, `${id}/remove`], header: `Authorization: Bearer ${DEMO_SECRET}` };
		case 'n8n-nodes-braze.ketchTrigger':
			return { paths: [`${id}/webhook`], header: `Authorization: Bearer ${DEMO_SECRET}` };
		default:
			return undefined;
	}
}

async function main() {
	ensureRuntime();
	const sandbox = await startSandbox({ port: SANDBOX_PORT });
	console.log(`Braze sandbox:   ${sandbox.url} (state: ${sandbox.url}/_sandbox/state)`);

	const userFolder = join(homedir(), '.cache', 'n8n-nodes-braze', 'demo');
	rmSync(userFolder, { recursive: true, force: true });
	mkdirSync(userFolder, { recursive: true });
	packPackage(userFolder);
	await importCredential(userFolder, {
		id: 'braze-sandbox',
		name: 'Braze sandbox',
		type: 'brazeApi',
		data: { apiKey: 'sandbox-api-key', instance: 'custom', customUrl: sandbox.url, trackBatchLimit: 'combined50' },
	});

	await importCredential(userFolder, { id: 'ketch-webhook', name: 'Ketch webhook', type: 'ketchApi', data: { token: DEMO_SECRET } });

	const templates = readdirSync(join(REPO_ROOT, 'workflows')).filter((file) => file.endsWith('.json'));
	const imported: Array<{ id: string; name: string; webhooks: string[]; header?: string }> = [];
	for (const file of templates) {
		const workflow = JSON.parse(readFileSync(join(REPO_ROOT, 'workflows', file), 'utf8')) as { name: string; nodes: TemplateNode[] };
		const triggers = workflow.nodes.map(prepareTrigger).filter((t) => t !== undefined);
		const id = await importWorkflow(userFolder, workflow);
		imported.push({ id, name: workflow.name, webhooks: triggers.flatMap((t) => t.paths), header: triggers[0]?.header });
	}

	const server = await startN8n({ userFolder, port: N8N_PORT });
	const client = new N8nClient(server.state);
	for (const workflow of imported.filter((w) => w.webhooks.length)) {
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
			'or create a new Braze API credential and select it in the Braze nodes.\n\nCtrl-C stops everything.',
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
	console.error(error);
	process.exit(1);
});
