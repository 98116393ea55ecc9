/* eslint-disable @n8n/community-nodes/no-restricted-globals */
// Test harness code: it runs in jest, not inside n8n, so the community-node rules do not apply.
/**
 * Send Only Changes and Dry Run inside real n8n (issue 15): the "Warehouse rows → only what
 * changed → Braze" template, its snapshot in an n8n Data Table, run day after day against the
 * sandbox, whose data-point count shows what each run cost.
 */
import { randomUUID } from 'node:crypto';

import { type Sandbox, startSandbox } from '../../sandbox/server';
import { type RunData, type Template, chain, loadTemplate, nodeOutput, sharedN8n, withCredentials, workflowNode } from '../../harness';

const n8n = sharedN8n();
/** The sandbox's REST key for this file (a test value, not a secret). */
const SANDBOX_KEY = ['delta', 'e2e', 'key'].join('-');
const ROWS = 330;
const BRAZE = 'Braze: Track Only Changes';

/** The rows a day's warehouse query returns: from day 2 on, every 33rd user's plan differs (3%). */
function rowsCode(day: number): string {
	return `const rows = [];
for (let i = 0; i < ${ROWS}; i++) {
  const moved = ${day} > 1 && (i + ${day}) % 33 === 0;
  rows.push({ json: { external_id: 'delta-' + i, first_name: 'User ' + i, plan: moved ? 'pro-${day}' : 'free', score: i % 100 } });
}
return rows;`;
}
const changedOn = (day: number) => Array.from({ length: ROWS }, (_, i) => i).filter((i) => (i + day) % 33 === 0).length;

function templateFor(day: number, credential: { id: string; name: string }, dryRun = false): Template {
	const template = withCredentials(loadTemplate('warehouse-delta-to-braze.json'), { brazeApi: credential });
	return {
		...template,
		name: `${template.name} (day ${day}${dryRun ? ', dry run' : ''})`,
		nodes: template.nodes.map((node) => {
			if (node.name === 'Warehouse Rows') return { ...node, parameters: { ...node.parameters, jsCode: rowsCode(day) } };
			if (node.name === BRAZE && dryRun) return { ...node, parameters: { ...node.parameters, sendingOptions: { dryRun: true } } };
			return node;
		}),
	};
}

/**
 * Runs a workflow inside the n8n server, started by a webhook in place of its triggers: Data
 * Tables are a module of the server, which `n8n execute` does not load.
 */
async function runOnServer(template: Template): Promise<RunData> {
	const path = `delta-${randomUUID()}`;
	const triggers = new Set(['Daily at 06:00', 'Sync Now', 'Manual']);
	const webhook = workflowNode('Run', 'n8n-nodes-base.webhook', 2, 0, { httpMethod: 'POST', path, responseMode: 'lastNode', options: {} }, { webhookId: randomUUID() });
	const first = template.connections[[...triggers].find((name) => template.connections[name])!];
	const connections = Object.fromEntries(Object.entries(template.connections).filter(([name]) => !triggers.has(name)));
	const id = await n8n.importWorkflow({
		...template,
		nodes: [webhook, ...template.nodes.filter((node) => !triggers.has(node.name))],
		connections: { ...connections, Run: first },
	});
	await n8n.publishWorkflow(id);
	process.stderr.write(`[e2e] delta: running "${template.name}"\n`);
	try {
		// The answer is the last node's items; a Dry Run leaves none (n8n then answers 500): the execution tells.
		await n8n.webhook(path, {});
		const [summary] = await n8n.waitForExecutions(id, 1);
		return (await n8n.getExecution(summary.id)).run;
	} finally {
		await n8n.unpublishWorkflow(id);
	}
}

async function stats(sandbox: Sandbox): Promise<{ data_points: { total: number; attributes: number } }> {
	return (await (await fetch(`${sandbox.url}/_sandbox/stats`)).json()) as { data_points: { total: number; attributes: number } };
}

async function trackBodies(sandbox: Sandbox): Promise<unknown[]> {
	const response = await fetch(`${sandbox.url}/_sandbox/requests?path=/users/track`);
	return ((await response.json()) as { requests: Array<{ body?: unknown }> }).requests.map((request) => request.body);
}

describe('Warehouse rows → only what changed → Braze, in n8n', () => {
	let sandbox: Sandbox;
	let credential: { id: string; name: string };

	beforeAll(async () => {
		sandbox = await startSandbox({ apiKey: SANDBOX_KEY });
		credential = {
			name: 'Braze delta e2e',
			id: await n8n.importCredential({
				name: 'Braze delta e2e',
				type: 'brazeApi',
				data: { apiKey: SANDBOX_KEY, instance: 'custom', customUrl: sandbox.url, trackBatchLimit: 'combined75' },
			}),
		};
		// The template reads and writes the Data Table "braze_last_sent": create it, as its sticky note says.
		const run = await runOnServer({
			name: `delta e2e: create braze_last_sent ${randomUUID()}`,
			nodes: [
				workflowNode('Manual', 'n8n-nodes-base.manualTrigger', 1, 0, {}),
				workflowNode('Create Table', 'n8n-nodes-base.dataTable', 1.1, 220, {
					resource: 'table',
					operation: 'create',
					tableName: 'braze_last_sent',
					columns: {
						column: [
							{ name: 'external_id', type: 'string' },
							{ name: 'first_name', type: 'string' },
							{ name: 'plan', type: 'string' },
							{ name: 'score', type: 'number' },
						],
					},
				}),
			],
			connections: chain('Manual', 'Create Table'),
		});
		expect(run.data.resultData.error).toBeUndefined();
	});

	afterAll(async () => {
		await sandbox.close();
	});

	it('sends everything on day 1, only the 3% that changed on day 2, and Dry Run shows day 3 exactly without sending it', async () => {
		// Day 1: the table is empty, so every attribute goes (3 a row: the identifier is free).
		const day1 = { run: await runOnServer(templateFor(1, credential)) };
		expect(day1.run.data.resultData.error).toBeUndefined();
		expect(nodeOutput(day1.run, 'Save Snapshot')).toHaveLength(ROWS);
		expect((await stats(sandbox)).data_points.total).toBe(3 * ROWS);

		// Day 2: 3% of the plans moved; only those are written.
		sandbox.reset();
		const day2 = { run: await runOnServer(templateFor(2, credential)) };
		expect(day2.run.data.resultData.error).toBeUndefined();
		const out = nodeOutput(day2.run, BRAZE).map((item) => item.json);
		expect(out).toHaveLength(ROWS);
		expect((await stats(sandbox)).data_points).toMatchObject({ total: changedOn(2), attributes: changedOn(2) });
		const written = (await trackBodies(sandbox)).flatMap((body) => (body as { attributes: Array<Record<string, unknown>> }).attributes);
		expect(written).toHaveLength(changedOn(2));
		expect(written.every((object) => Object.keys(object).sort().join() === 'external_id,plan')).toBe(true);
		const unchanged = out.find((json) => (json.user as { external_id?: string } | undefined)?.external_id === 'delta-1');
		expect(unchanged).toMatchObject({ success: true, results: [], unchangedAttributes: ['first_name', 'plan', 'score'] });
		const hints = JSON.stringify(day2.run.data.resultData.runData[BRAZE][0]);
		expect(hints).toContain(
			`Send Only Changes: ${ROWS.toLocaleString('en-US')} users seen, ${(ROWS - changedOn(2)).toLocaleString('en-US')} unchanged, ${changedOn(2)} attributes sent, ${(3 * ROWS - changedOn(2)).toLocaleString('en-US')} data points saved`,
		);

		// Day 3 as a Dry Run: nothing reaches the sandbox and the snapshot is left alone.
		sandbox.reset();
		const dry = { run: await runOnServer(templateFor(3, credential, true)) };
		expect(dry.run.data.resultData.error).toBeUndefined();
		expect((await stats(sandbox)).data_points.total).toBe(0);
		expect(await trackBodies(sandbox)).toEqual([]);
		const [report] = nodeOutput(dry.run, BRAZE).map((item) => item.json as { requestCount: number; dataPoints: { total: number }; requests: Array<{ path: string; body: unknown }> });
		// Day 3 moves day 3's users and puts day 2's back to "free": both differ from the snapshot.
		expect(report.dataPoints.total).toBe(changedOn(2) + changedOn(3));
		expect(report.requestCount).toBe(Math.ceil((changedOn(2) + changedOn(3)) / 75));
		expect(dry.run.data.resultData.runData['Save Snapshot']).toBeUndefined();
		expect(JSON.stringify(report)).not.toContain(SANDBOX_KEY);

		// The real day 3 sends exactly what the Dry Run showed.
		const real = { run: await runOnServer(templateFor(3, credential)) };
		expect(real.run.data.resultData.error).toBeUndefined();
		expect(await trackBodies(sandbox)).toEqual(report.requests.map((request) => request.body));
		expect((await stats(sandbox)).data_points.total).toBe(report.dataPoints.total);
	}, 600_000);
});
