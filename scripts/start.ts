/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, no-console */
/**
 * `npm start`: the package running in a real n8n, ready to click through.
 * Builds (the npm script does), starts the Braze sandbox, installs the packed package into a
 * fresh n8n user folder the way Settings > Community Nodes does, imports a sandbox credential,
 * the Ketch, Komo and GrowthLoop webhook credentials (with a demo secret) and every template in
 * workflows/, starts n8n, publishes the webhook templates, prints where everything is. Ctrl-C
 * stops n8n and the sandbox.
 */
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

import { startSandbox } from '../sandbox/server';
import { N8nClient, OWNER } from '../harness/client';
import { importCredential, importWorkflow } from '../harness/cli';
import { packPackage } from '../harness/package';
import { REPO_ROOT, ensureRuntime } from '../harness/runtime';
import { startN8n } from '../harness/server';
import { loadTemplate, type TemplateNode } from '../harness/templates';

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

	for (const [type, { id, name, data }] of Object.entries(WEBHOOK_CREDENTIALS)) {
		await importCredential(userFolder, { id, name, type, data });
	}

	const templates = readdirSync(join(REPO_ROOT, 'workflows')).filter((file) => file.endsWith('.json'));
	const imported: Array<{ id: string; name: string; webhooks: string[]; header?: string }> = [];
	for (const file of templates) {
		const workflow = loadTemplate(file);
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
	console.error(error);
	process.exit(1);
});
