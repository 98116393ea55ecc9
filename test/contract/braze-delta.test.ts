/* eslint-disable @typescript-eslint/no-explicit-any */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { Braze } from '../../nodes/Braze/Braze.node';
import { applyChanges } from '../../nodes/shared/braze/apply';
import { type BrazeChange, parseChange } from '../../nodes/shared/braze/changes';
import { dryRun } from '../../nodes/shared/braze/delta/dryRun';
import { type Snapshot, advanceSnapshot, sendOnlyChanges } from '../../nodes/shared/braze/delta/sendOnlyChanges';
import type { PlanEntry } from '../../nodes/shared/braze/plan';
import { BrazeTransport } from '../../nodes/shared/braze/transport';
import { type Sandbox, startSandbox } from '../../sandbox/server';
import { contextFor, received } from './braze.harness';

const ROWS = 10_000;
const CHANGED_SHARE = 0.03;

/** A warehouse table: four attributes per user; `day` 2 changes the plan of every 33rd user (3%). */
function rows(day: 1 | 2): IDataObject[] {
	return Array.from({ length: ROWS }, (_, i) => ({
		external_id: `u${i}`,
		first_name: `Name ${i}`,
		plan: day === 2 && i % Math.round(1 / CHANGED_SHARE) === 0 ? 'pro' : 'free',
		score: i % 100,
		home_city: ['Paris', 'Lyon', 'Nice'][i % 3],
	}));
}

function changesOf(table: IDataObject[]): BrazeChange[] {
	return table.map(({ external_id, ...attributes }) => {
		const parsed = parseChange({ type: 'attributes', user: { external_id }, attributes });
		if (!parsed.ok) throw new Error(parsed.error);
		return parsed.change;
	});
}

const entriesOf = (changes: Array<BrazeChange | undefined>): PlanEntry[] =>
	changes.flatMap((change, ref) => (change ? [{ change, ref }] : []));

/** Bodies as a sorted list: requests run concurrently, so they arrive in any order. */
const sortedBodies = (bodies: unknown[]) => bodies.map((body) => JSON.stringify(body)).sort();

const dataPoints = (sb: Sandbox) => sb.state.stats.dataPoints.toJSON();

describe('Send Only Changes and Dry Run against the sandbox (issue 15)', () => {
	let sb: Sandbox;
	beforeAll(async () => {
		sb = await startSandbox();
	});
	afterAll(async () => await sb.close());
	beforeEach(() => sb.reset());

	const send = async (entries: PlanEntry[]) => {
		const transport = new BrazeTransport(contextFor(sb, { parameters: {} }) as never, { maxAttempts: 2 });
		const report = await applyChanges(transport, entries, 'combined75');
		expect(report.outcomes.every((outcome) => outcome.ok)).toBe(true);
		return report;
	};

	it('syncs 10,000 rows twice with 3% changed: the second run writes only the changed attributes, and the data points prove it', async () => {
		// Day 1: nothing was sent before, so everything goes.
		const day1 = sendOnlyChanges(changesOf(rows(1)), new Map());
		expect(day1.summary).toMatchObject({ usersSeen: ROWS, usersUnchanged: 0, attributesSent: 4 * ROWS, dataPointsSaved: 0 });
		await send(entriesOf(day1.changes));
		expect(dataPoints(sb)).toEqual({ total: 4 * ROWS, attributes: 4 * ROWS, events: 0, purchases: 0 });
		const snapshot: Snapshot = day1.next;

		// Day 2: the same rows with 3% of the plans changed.
		sb.state.stats.clear();
		sb.state.requests.clear();
		const before = rows(1);
		const changed = rows(2).filter((row, i) => row.plan !== before[i].plan).length;
		expect(changed).toBe(Math.ceil(ROWS / 33));
		const day2 = sendOnlyChanges(changesOf(rows(2)), snapshot);
		expect(day2.summary).toEqual({
			usersSeen: ROWS,
			usersUnchanged: ROWS - changed,
			attributesSent: changed,
			attributesUnchanged: 4 * ROWS - changed,
			dataPointsSaved: 4 * ROWS - changed,
		});
		await send(entriesOf(day2.changes));
		// One data point per changed plan, against 40,000 without Send Only Changes.
		expect(dataPoints(sb)).toEqual({ total: changed, attributes: changed, events: 0, purchases: 0 });
		const bodies = received(sb, '/users/track');
		const written = bodies.flatMap((body) => body.attributes as IDataObject[]);
		expect(written).toHaveLength(changed);
		expect(written.every((object) => Object.keys(object).sort().join() === 'external_id,plan' && object.plan === 'pro')).toBe(true);
		expect(sb.state.user('u33')).toMatchObject({ attributes: { first_name: 'Name 33' }, custom_attributes: { plan: 'pro', score: 33 } });
		expect(sb.state.user('u34')?.custom_attributes).toMatchObject({ plan: 'free' });

		// Day 3, nothing new: nothing is sent at all.
		const day3 = sendOnlyChanges(changesOf(rows(2)), advanceSnapshot(snapshot, day2.changes.filter((c): c is BrazeChange => c !== undefined)));
		expect(day3.changes.every((c) => c === undefined)).toBe(true);
		expect(day3.summary.usersUnchanged).toBe(ROWS);
	}, 120_000);

	it('Dry Run sends nothing, and a real run then sends exactly the requests it showed, at the data points it estimated', async () => {
		const changes: BrazeChange[] = [
			...changesOf(rows(1).slice(0, 120)),
			...[
				{ type: 'event', user: { external_id: 'u1' }, name: 'signed_up', time: '2026-01-01T00:00:00Z', properties: { source: 'ads' } },
				{ type: 'purchase', user: { external_id: 'u2' }, productId: 'sku-1', currency: 'USD', price: 9.99, time: '2026-01-01T00:00:00Z' },
				{ type: 'attributes', user: { email: 'ann@example.com' }, attributes: { first_name: 'Ann', email_subscribe: 'opted_in', pets: [{ name: 'Rex', kind: 'dog' }] } },
				{ type: 'attributes', user: { external_id: 'u3' }, attributes: { address: { city: 'Paris', zip: '75001' }, tags: { add: ['a', 'b'] }, visits: { inc: 1 } } },
				{ type: 'subscription', user: { external_id: 'u1' }, groupId: 'g1', state: 'subscribed' },
			].map((input) => {
				const parsed = parseChange(input);
				if (!parsed.ok) throw new Error(parsed.error);
				return parsed.change;
			}),
		];
		const entries = entriesOf(changes);
		const report = dryRun(entries, 'combined75', (ref) => ref);
		expect(sb.state.requests.total).toBe(0);

		await send(entries);
		const sent = sb.state.requests.list().map((request) => ({ path: request.path, body: request.body }));
		expect(report.requestCount).toBe(sent.length);
		expect(sortedBodies(report.requests.map((r) => ({ path: r.path, body: r.body })))).toEqual(sortedBodies(sent));
		// The node's estimate and the sandbox's count are written apart: they must agree.
		expect(report.dataPoints).toEqual(dataPoints(sb));
		// 4 per row; the event and the purchase 1 each; Ann's name 1 and pets 2 keys (email_subscribe is free);
		// u3's address 2 keys, 2 tags added one by one, the inc 1.
		expect(report.dataPoints.total).toBe(4 * 120 + 1 + 1 + (1 + 2) + (2 + 2 + 1));
	});
});

describe('Braze node: Send Only Changes and Dry Run parameters (issue 15)', () => {
	let sb: Sandbox;
	beforeAll(async () => {
		sb = await startSandbox();
	});
	afterAll(async () => await sb.close());
	beforeEach(() => sb.reset());

	const track = (extra: Record<string, unknown>) => ({
		resource: 'user',
		operation: 'track',
		identifyBy: 'external_id',
		inputMode: 'autoMap',
		identifierField: 'external_id',
		fieldsToSend: '',
		...extra,
	});

	async function execute(parameters: Record<string, unknown>, input: IDataObject[], state: { staticData: IDataObject; snapshotRows?: IDataObject[] }) {
		const items: INodeExecutionData[] = input.map((json) => ({ json }));
		const hints: Array<{ message: string }> = [];
		const ctx = Object.assign(contextFor(sb, { parameters, items }), {
			getInputData: (index = 0) => (index === 1 ? (state.snapshotRows ?? []).map((json) => ({ json })) : items),
			getWorkflowStaticData: () => state.staticData,
			addExecutionHints: (...more: Array<{ message: string }>) => hints.push(...more),
		});
		const [output] = await new Braze().execute.call(ctx as never);
		return { output, hints, credentialReads: ctx.credentialReads };
	}

	it('remembers what it sent in node memory and sends only the changes next time', async () => {
		const state = { staticData: {} as IDataObject };
		const table = rows(1).slice(0, 200);
		const first = await execute(track({ sendOnlyChanges: 'memory' }), table, state);
		expect(dataPoints(sb).total).toBe(800);
		// The track limit and the requests share one read of the credential.
		expect(first.credentialReads).toEqual({ brazeApi: 1 });
		sb.state.stats.clear();
		const changed = table.map((row, i) => (i < 6 ? { ...row, plan: 'pro' } : row));
		const { output, hints } = await execute(track({ sendOnlyChanges: 'memory' }), changed, state);
		expect(dataPoints(sb).total).toBe(6);
		expect(output).toHaveLength(200);
		expect(output[0].json.unchangedAttributes).toEqual(['first_name', 'score', 'home_city']);
		expect(output[10].json.results).toEqual([]);
		expect(hints[0].message).toBe('Send Only Changes: 200 users seen, 194 unchanged, 6 attributes sent, 794 data points saved');
	});

	it('compares with the second input, and Dry Run outputs what a real run then sends', async () => {
		const state = { staticData: {} as IDataObject, snapshotRows: rows(1).slice(0, 100) };
		const table = rows(2).slice(0, 100);
		const dry = await execute(track({ sendOnlyChanges: 'secondInput', sendingOptions: { dryRun: true } }), table, state);
		expect(sb.state.requests.total).toBe(0);
		expect(dry.output).toHaveLength(1);
		const report = dry.output[0].json as any;
		expect(report).toMatchObject({ dryRun: true, requestCount: 1, dataPoints: { total: 4 } });
		expect(report.sendOnlyChanges).toMatchObject({ usersSeen: 100, usersUnchanged: 96, attributesSent: 4 });
		expect(report.requests[0].items).toEqual([0, 33, 66, 99]);

		await execute(track({ sendOnlyChanges: 'secondInput' }), table, state);
		expect(received(sb, '/users/track')).toEqual(report.requests.map((r: any) => r.body));
		expect(dataPoints(sb).total).toBe(report.dataPoints.total);
	});
});
