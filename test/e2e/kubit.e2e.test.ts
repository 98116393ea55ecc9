/* eslint-disable @n8n/community-nodes/no-restricted-imports */
/**
 * Kubit -> Braze in real n8n (the shared n8n of the e2e harness) against a local sandbox.
 *
 * - workflows/kubit-cohort-one-time.json as shipped (Manual Trigger + sample members).
 * - workflows/kubit-cohort-scheduled.json, its member source pointed at a local "warehouse" whose
 *   answer the test changes: a cohort that grows and shrinks over three `n8n execute` runs, the
 *   previous members kept in workflow static data (CLI runs save it).
 * - The scalable path: current and previous members on the node's two inputs, boolean mode.
 * - The partner Cohort Import mode, through a Braze Cohort Import API credential.
 * In every case the sandbox must end with exactly the right attribute values (or cohort members).
 */
import { randomUUID } from 'node:crypto';
import { type Server, createServer } from 'node:http';

import { CUSTOM_INSTANCE } from '../../nodes/shared/braze/instances';
import { type Sandbox, startSandbox } from '../../sandbox/server';
import { type Template, loadTemplate, nodeOutput, sharedN8n } from '../../harness';

jest.setTimeout(300_000);

const n8n = sharedN8n();
const built = n8n.state.package !== undefined;

/** The template with the test's Braze credential and parameter overrides per node name. */
function prepare(template: Template, credentialId: string, overrides: Record<string, Record<string, unknown>> = {}): Template {
	const nodes = template.nodes.map((node) => {
		const patched = overrides[node.name] ? { ...node, parameters: { ...node.parameters, ...overrides[node.name] } } : node;
		if (node.credentials?.brazeApi) return { ...patched, credentials: { brazeApi: { id: credentialId, name: 'Braze sandbox (Kubit e2e)' } } };
		return patched;
	});
	return { ...template, name: `${template.name} (e2e ${randomUUID().slice(0, 8)})`, nodes };
}

/** A stand-in warehouse: GET /<name> answers the JSON the test last put there. */
class Warehouse {
	private readonly tables = new Map<string, unknown[]>();
	private server!: Server;
	url = '';

	async start(): Promise<void> {
		this.server = createServer((req, res) => {
			const rows = this.tables.get((req.url ?? '').replace(/^\//, '')) ?? [];
			res.writeHead(200, { 'content-type': 'application/json' });
			res.end(JSON.stringify(rows));
		});
		await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
		const address = this.server.address();
		this.url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
	}

	set(table: string, rows: unknown[]): void {
		this.tables.set(table, rows);
	}

	async stop(): Promise<void> {
		await new Promise((resolve) => this.server.close(resolve));
	}
}

const members = (...ids: string[]) => ids.map((external_id) => ({ external_id }));

(built ? describe : describe.skip)('Kubit -> Braze in real n8n', () => {
	let sandbox: Sandbox;
	let warehouse: Warehouse;
	let credentialId: string;

	async function seedUsers(ids: string[]): Promise<void> {
		const response = await fetch(`${sandbox.url}/users/track`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', authorization: 'Bearer sandbox-api-key' },
			body: JSON.stringify({ attributes: ids.map((external_id) => ({ external_id, seeded: true })) }),
		});
		expect(response.status).toBe(201);
	}

	const attribute = (id: string, name: string) => sandbox.state.user(id)?.custom_attributes[name];

	async function run(workflowId: string) {
		const { run: data } = await n8n.executeWorkflow(workflowId);
		expect(data.data.resultData.error).toBeUndefined();
		return data;
	}

	/** The Kubit node's summary: its last output item. */
	function summaryOf(data: Awaited<ReturnType<typeof run>>, node = 'Kubit') {
		const items = nodeOutput(data, node);
		return items[items.length - 1].json.summary as Record<string, unknown>;
	}

	beforeAll(async () => {
		sandbox = await startSandbox();
		warehouse = new Warehouse();
		await warehouse.start();
		credentialId = await n8n.importCredential({
			name: 'Braze sandbox (Kubit e2e)',
			type: 'brazeApi',
			data: { apiKey: 'sandbox-api-key', instance: CUSTOM_INSTANCE, customUrl: sandbox.url, trackBatchLimit: 'combined50' },
		});
	});

	afterAll(async () => {
		await warehouse?.stop();
		await sandbox?.close();
	});

	it('runs the one-time template as shipped: members get the cohort, nobody is created', async () => {
		// The sample holds kubit_demo_1..4 and one anonymous device; demo_4 is not in Braze.
		await seedUsers(['kubit_demo_1', 'kubit_demo_2', 'kubit_demo_3']);
		const id = await n8n.importWorkflow(prepare(loadTemplate('kubit-cohort-one-time.json'), credentialId));
		const data = await run(id);

		for (const user of ['kubit_demo_1', 'kubit_demo_2', 'kubit_demo_3']) expect(attribute(user, 'kubit_cohorts')).toEqual(['Power Users']);
		expect(sandbox.state.user('kubit_demo_4')).toBeUndefined();
		expect(summaryOf(data)).toMatchObject({
			entered: 4,
			exited: 0,
			previousSource: 'none',
			skipped: { total: 1, reasons: { anonymous_device_id: 1 } },
		});
		// The summary item passes the Braze node untouched (no changes); the changes item was applied.
		const applied = nodeOutput(data, 'Braze: Apply Changes').map((item) => item.json.braze as Record<string, unknown>);
		expect(applied.map((b) => b.applied)).toEqual([4, 0]);
	});

	it('follows a cohort that grows and shrinks over three scheduled runs (static data)', async () => {
		const users = ['s1', 's2', 's3', 's4', 's5', 's6'].map((u) => `kubit_sched_${u}`);
		const [s1, s2, s3, s4, s5, s6] = users;
		await seedUsers(users);
		// Someone else's cohort on the same attribute must survive our removals.
		await fetch(`${sandbox.url}/users/track`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', authorization: 'Bearer sandbox-api-key' },
			body: JSON.stringify({ attributes: [{ external_id: s1, kubit_cohorts: ['Churned'] }] }),
		});
		const table = `cohort-${randomUUID()}`;
		const workflow = prepare(loadTemplate('kubit-cohort-scheduled.json'), credentialId, {
			'Cohort Members (Warehouse)': { url: `${warehouse.url}/${table}` },
		});
		const id = await n8n.importWorkflow(workflow);

		warehouse.set(table, [...members(s1, s2, s3), { external_id: '' }]);
		const first = summaryOf(await run(id));
		expect(first).toMatchObject({ entered: 3, exited: 0, unchanged: 0, previousMembers: 0, skipped: { reasons: { missing_identifier: 1 } } });
		expect(attribute(s1, 'kubit_cohorts')).toEqual(['Churned', 'Power Users']);

		warehouse.set(table, members(s2, s3, s4, s5, s2));
		const second = summaryOf(await run(id));
		expect(second).toMatchObject({ entered: 2, exited: 1, unchanged: 2, previousMembers: 3, skipped: { reasons: { duplicate: 1 } } });

		warehouse.set(table, members(s3, s5, s6));
		const third = summaryOf(await run(id));
		expect(third).toMatchObject({ entered: 1, exited: 2, unchanged: 2, members: 3 });

		expect(Object.fromEntries(users.map((u) => [u, attribute(u, 'kubit_cohorts')]))).toEqual({
			[s1]: ['Churned'],
			[s2]: [],
			[s3]: ['Power Users'],
			[s4]: [],
			[s5]: ['Power Users'],
			[s6]: ['Power Users'],
		});
	});

	it('diffs current against previous members on two inputs (boolean attribute per cohort)', async () => {
		const users = ['b1', 'b2', 'b3', 'b4', 'b5'].map((u) => `kubit_two_${u}`);
		const [b1, b2, b3, b4, b5] = users;
		await seedUsers(users);
		const current = `current-${randomUUID()}`;
		const previous = `previous-${randomUUID()}`;
		const node = (name: string, type: string, typeVersion: number, position: number[], parameters: Record<string, unknown>) => ({
			id: randomUUID(),
			name,
			type,
			typeVersion,
			position,
			parameters,
		});
		const id = await n8n.importWorkflow({
			name: `Kubit two inputs (e2e ${randomUUID().slice(0, 8)})`,
			nodes: [
				node('Start', 'n8n-nodes-base.manualTrigger', 1, [0, 0], {}),
				node('Current Members', 'n8n-nodes-base.httpRequest', 4.2, [220, -100], { url: `${warehouse.url}/${current}`, options: {} }),
				node('Previous Members', 'n8n-nodes-base.httpRequest', 4.2, [220, 100], { url: `${warehouse.url}/${previous}`, options: {} }),
				node('Kubit', 'n8n-nodes-braze.kubit', 1, [440, 0], {
					cohortId: 'k-two-inputs',
					cohortName: 'Trial Converters',
					writeMode: 'booleanAttribute',
					previousSource: 'secondInput',
					options: { changesPerItem: 2 },
				}),
				{
					...node('Braze', 'n8n-nodes-braze.braze', 1, [660, 0], { resource: 'change', operation: 'apply' }),
					credentials: { brazeApi: { id: credentialId, name: 'Braze sandbox (Kubit e2e)' } },
				},
			],
			connections: {
				Start: {
					main: [
						[
							{ node: 'Current Members', type: 'main', index: 0 },
							{ node: 'Previous Members', type: 'main', index: 0 },
						],
					],
				},
				'Current Members': { main: [[{ node: 'Kubit', type: 'main', index: 0 }]] },
				'Previous Members': { main: [[{ node: 'Kubit', type: 'main', index: 1 }]] },
				Kubit: { main: [[{ node: 'Braze', type: 'main', index: 0 }]] },
			},
			settings: { executionOrder: 'v1' },
		});
		const flag = 'kubit_cohort_trial_converters';

		// Run 1: no previous snapshot yet (the warehouse answers []).
		warehouse.set(current, members(b1, b2, b3));
		warehouse.set(previous, []);
		const first = summaryOf(await run(id));
		expect(first).toMatchObject({ entered: 3, exited: 0, previousSource: 'secondInput', attribute: flag });
		expect(first.warnings).toEqual([expect.stringMatching(/second input brought no previous members/)]);

		// Runs 2 and 3: the previous snapshot is what the last run applied.
		warehouse.set(previous, members(b1, b2, b3));
		warehouse.set(current, members(b2, b3, b4));
		expect(summaryOf(await run(id))).toMatchObject({ entered: 1, exited: 1, unchanged: 2 });
		warehouse.set(previous, members(b2, b3, b4));
		warehouse.set(current, members(b4));
		const third = await run(id);
		expect(summaryOf(third)).toMatchObject({ entered: 0, exited: 2, unchanged: 1 });
		// Changes per Item 2: exits b2 and b3 in one item, paired with their previous-member items.
		const [batch] = nodeOutput(third, 'Kubit');
		expect(batch.json).toMatchObject({ batch: 1, exited: 2 });
		expect(batch.pairedItem).toEqual([
			{ item: 0, input: 1 },
			{ item: 1, input: 1 },
		]);

		expect(Object.fromEntries(users.map((u) => [u, attribute(u, flag)]))).toEqual({
			[b1]: false,
			[b2]: false,
			[b3]: false,
			[b4]: true,
			[b5]: undefined,
		});
	});

	it('writes through the partner Cohort Import API with a partner key', async () => {
		const cohortCredential = await n8n.importCredential({
			name: 'Braze cohort import (Kubit e2e)',
			type: 'brazeCohortApi',
			data: {
				partnerName: 'sandbox-partner',
				partnerApiKey: 'sandbox-partner-key',
				clientSecret: 'sandbox-data-import-key',
				instance: CUSTOM_INSTANCE,
				customUrl: sandbox.url,
			},
		});
		const table = `partner-${randomUUID()}`;
		const cohortId = `k-partner-${randomUUID().slice(0, 8)}`;
		const workflow = prepare(loadTemplate('kubit-cohort-scheduled.json'), credentialId, {
			'Cohort Members (Warehouse)': { url: `${warehouse.url}/${table}` },
			Kubit: { cohortId, cohortName: 'Partner Cohort', writeMode: 'cohortImport', matchBy: 'externalIdElseDeviceId', previousSource: 'staticData' },
			'Braze: Apply Changes': { useCohortImport: true },
		});
		workflow.nodes = workflow.nodes.map((node) =>
			node.name === 'Braze: Apply Changes'
				? { ...node, credentials: { brazeCohortApi: { id: cohortCredential, name: 'Braze cohort import (Kubit e2e)' } } }
				: node,
		);
		const id = await n8n.importWorkflow(workflow);

		warehouse.set(table, [{ external_id: 'p1' }, { device_id: 'dev-1' }, { external_id: 'p2', device_id: 'dev-2' }]);
		expect(summaryOf(await run(id))).toMatchObject({ entered: 3, cohortNameSent: true, writeMode: 'cohortImport' });
		warehouse.set(table, [{ external_id: 'p2' }, { device_id: 'dev-3' }]);
		// Braze wants the cohort's name on the first export and on rename only: not again here.
		expect(summaryOf(await run(id))).toMatchObject({ entered: 1, exited: 2, unchanged: 1, cohortNameSent: false });
		const definitions = sandbox.state.requests.list({ path: '/partners/sandbox-partner/cohorts' }).filter((r) => (r.body as { cohort_id?: string }).cohort_id === cohortId);
		expect(definitions).toHaveLength(1);

		const cohort = sandbox.state.cohorts.get(cohortId);
		expect(cohort?.name).toBe('Partner Cohort');
		expect([...(cohort?.members ?? [])].sort()).toEqual(['device_id:dev-3', 'user_id:p2']);
	});
});
