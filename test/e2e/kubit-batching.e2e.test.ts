/* eslint-disable @n8n/community-nodes/no-restricted-globals, no-console */
/**
 * Why the Kubit node packs many changes into one item: the same 20,000-member import in real n8n,
 * once with one change per item and once with 1,000 per item, timed per node. A measurement, not
 * a check: it runs only with KUBIT_BATCH_BENCH=1 (about two minutes) and prints its figures.
 *
 *   npm run build && KUBIT_BATCH_BENCH=1 npx jest --selectProjects e2e -- test/e2e/kubit-batching.e2e.test.ts
 */
import { randomUUID } from 'node:crypto';

import { CUSTOM_INSTANCE } from '../../nodes/shared/braze/instances';
import { type Sandbox, startSandbox } from '../../sandbox/server';
import { chain, runN8nCli, sharedN8n, workflowNode as node } from '../../harness';

jest.setTimeout(600_000);

const MEMBERS = Number(process.env.KUBIT_BATCH_MEMBERS ?? 20_000);
const enabled = process.env.KUBIT_BATCH_BENCH === '1';
const n8n = enabled ? sharedN8n() : undefined;

(enabled && n8n?.state.package ? describe : describe.skip)('Kubit output batching (measurement)', () => {
	let sandbox: Sandbox;
	let credentialId: string;

	beforeAll(async () => {
		sandbox = await startSandbox({ rateLimit: null });
		credentialId = await n8n!.importCredential({
			name: 'Braze sandbox (Kubit batching)',
			type: 'brazeApi',
			data: { apiKey: 'sandbox-api-key', instance: CUSTOM_INSTANCE, customUrl: sandbox.url, trackBatchLimit: 'combined75' },
		});
	});

	afterAll(async () => await sandbox?.close());

	async function measure(changesPerItem: number) {
		const id = await n8n!.importWorkflow({
			name: `Kubit batching ${changesPerItem} (${randomUUID().slice(0, 8)})`,
			nodes: [
				node('Start', 'n8n-nodes-base.manualTrigger', 1, 0, {}),
				node('Members', 'n8n-nodes-base.code', 2, 200, {
					jsCode: `return Array.from({ length: ${MEMBERS} }, (_, i) => ({ json: { external_id: 'batch_' + i } }));`,
				}),
				node('Kubit', 'n8n-nodes-braze.kubit', 1, 400, {
					cohortId: 'batching',
					cohortName: 'Batching',
					previousSource: 'none',
					options: { changesPerItem },
				}),
				node(
					'Braze',
					'n8n-nodes-braze.braze',
					1,
					600,
					{ resource: 'change', operation: 'apply', applyOutput: 'results' },
					{ credentials: { brazeApi: { id: credentialId, name: 'Braze sandbox (Kubit batching)' } } },
				),
			],
			connections: chain('Start', 'Members', 'Kubit', 'Braze'),
			settings: { executionOrder: 'v1' },
		});
		// The run data of 20,000 items is too big for --rawOutput parsing: run, then read it back over REST.
		const cli = await runN8nCli(n8n!.userFolder, ['execute', `--id=${id}`], { timeoutMs: 600_000 });
		expect(cli.code).toBe(0);
		const [summary] = await n8n!.waitForExecutions(id, 1);
		const { run } = await n8n!.getExecution(summary.id);
		const durationMs = cli.durationMs;
		const time = (name: string) => (run.data.resultData.runData[name][0] as { executionTime?: number }).executionTime;
		const items = run.data.resultData.runData.Kubit[0].data?.main?.[0]?.length;
		return { changesPerItem, items, kubitMs: time('Kubit'), brazeMs: time('Braze'), cliMs: durationMs };
	}

	it(`times ${MEMBERS} members at 1 and at 1,000 changes per item`, async () => {
		const one = await measure(1);
		const many = await measure(1000);
		console.log(JSON.stringify({ members: MEMBERS, results: [one, many] }, null, 2));
		expect(one.items).toBe(MEMBERS + 1);
		expect(many.items).toBe(Math.ceil(MEMBERS / 1000) + 1);
	});
});
