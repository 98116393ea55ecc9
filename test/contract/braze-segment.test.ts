import { Braze } from '../../nodes/Braze/Braze.node';
import { FIXTURE_IDS, type Sandbox, startSandbox } from '../../sandbox/server';
import { contextFor, json, run, runFailing, seed } from './braze.harness';

describe('Braze node: Segment (against the sandbox)', () => {
	let sb: Sandbox;
	beforeAll(async () => {
		sb = await startSandbox();
	});
	afterAll(async () => await sb.close());
	beforeEach(async () => {
		sb.reset();
		await seed(sb, '/_sandbox/seed', { segments: 247 });
	});

	it('Get Many with Return All reads pages of 100 until a short one', async () => {
		const { output } = await run(sb, { parameters: { resource: 'segment', operation: 'getMany', returnAll: true } });
		expect(output).toHaveLength(250);
		expect(output.find((o) => o.json.id === FIXTURE_IDS.segments.all)).toEqual({
			json: { id: FIXTURE_IDS.segments.all, name: 'All users', analytics_tracking_enabled: true, tags: [] },
			pairedItem: { item: 0 },
		});
		expect(new Set(output.map((o) => o.json.id)).size).toBe(250);
		expect(sb.state.requests.list({ path: '/segments/list' }).map((r) => r.query.page)).toEqual(['0', '1', '2']);
	});

	it('Get Many with a Limit stops early, and sorts newest first on request', async () => {
		const { output } = await run(sb, { parameters: { resource: 'segment', operation: 'getMany', returnAll: false, limit: 5, segmentOptions: { sortDirection: 'desc' } } });
		expect(output).toHaveLength(5);
		expect(output[0].json.name).toBe('VIP customers');
		expect(sb.state.requests.list({ path: '/segments/list' }).map((r) => r.query)).toEqual([{ page: '0', sort_direction: 'desc' }]);
	});

	it('Get finds a segment by ID across pages; an unknown ID fails its item alone', async () => {
		const generated = '5e600000-0000-4000-9000-000000000200';
		const ids = [FIXTURE_IDS.segments.vip, 'no-such-segment', generated];
		const { output } = await run(sb, {
			continueOnFail: true,
			items: ids.map((id) => ({ json: { id } })),
			parameters: (i) => ({ resource: 'segment', operation: 'get', segmentId: { __rl: true, mode: i === 0 ? 'list' : 'id', value: ids[i] } }),
		});
		expect(output[0].json).toEqual({ id: FIXTURE_IDS.segments.vip, name: 'VIP customers', analytics_tracking_enabled: false, tags: ['revenue'] });
		expect(output[1].json.error).toMatch(/\[item 1\] Braze has no segment with ID "no-such-segment"/);
		expect(output[2].json.name).toBe('Generated segment 200');
		expect(output.map((o) => o.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
	});

	it('feeds the segment picker, with a search filter', async () => {
		const ctx = contextFor(sb, { parameters: {} });
		const { results } = await new Braze().methods.listSearch.searchSegments.call(ctx as never, 'vip');
		expect(results).toEqual([{ name: 'VIP customers', value: FIXTURE_IDS.segments.vip }]);
	});

	it('a missing segments.list permission fails with the fix', async () => {
		sb.setOptions({ permissions: ['users.track'] });
		const error = await runFailing(sb, { parameters: { resource: 'segment', operation: 'getMany', returnAll: true } });
		expect(error.message).toMatch(/\[item 0\] \/segments\/list: Braze refused the request \(403/);
		const { output } = await run(sb, { continueOnFail: true, parameters: { resource: 'segment', operation: 'getMany', returnAll: true } });
		expect(json(output)).toEqual([{ error: expect.stringMatching(/403/) }]);
	});
});
