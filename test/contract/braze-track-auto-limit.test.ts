import type { IDataObject } from 'n8n-workflow';

import { applyChanges, trackLimitHint } from '../../nodes/shared/braze/apply';
import type { PlanEntry } from '../../nodes/shared/braze/plan';
import { BrazeTransport } from '../../nodes/shared/braze/transport';
import { type Sandbox, startSandbox } from '../../sandbox/server';
import { createContext } from '../helpers/nodeContext';
import { credentialsFor } from './braze.harness';

/** n users, each 3 attributes and 1 event: 2 objects each on /users/track. */
function entries(n: number): PlanEntry[] {
	const out: PlanEntry[] = [];
	for (let i = 0; i < n; i++) {
		const user = { external_id: `auto-${i}` };
		out.push({ change: { type: 'attributes', user, attributes: { plan: 'pro', score: i, vip: i % 2 === 0 } }, ref: out.length });
		out.push({ change: { type: 'event', user, name: 'synced', time: '2026-01-31T00:00:00Z' }, ref: out.length });
	}
	return out;
}

describe('Automatic track limit against the sandbox set to 75 and to 50 objects combined', () => {
	let sb: Sandbox;
	beforeAll(async () => {
		sb = await startSandbox();
	});
	afterAll(async () => await sb.close());
	beforeEach(() => sb.reset());

	const apply = async (n: number) => {
		const ctx = createContext({ parameters: {}, credentials: credentialsFor(sb) });
		const transport = new BrazeTransport(ctx as never, { concurrency: 8, maxAttempts: 2 });
		return await applyChanges(transport, entries(n), 'auto');
	};
	const trackRequests = () => sb.state.requests.list({ path: '/users/track' }) as Array<{ status: number; body?: IDataObject }>;
	const everyoneSynced = (n: number) => {
		for (const i of [0, Math.floor(n / 2), n - 1]) {
			const user = sb.state.user(`auto-${i}`)!;
			expect(user.custom_attributes).toMatchObject({ plan: 'pro', score: i });
			expect(user.custom_events.filter((e: { name: string }) => e.name === 'synced')).toHaveLength(1);
		}
	};

	it('sends 75 objects a request where Braze takes 75', async () => {
		sb.setOptions({ trackLimit: 'combined75' });
		const report = await apply(1000);
		expect(report.outcomes.every((o) => o.ok)).toBe(true);
		expect(report.requests).toBe(Math.ceil(2000 / 75));
		expect(trackRequests()).toHaveLength(report.requests);
		expect(report.trackLimitFellBack).toBeUndefined();
		expect(trackLimitHint(report)).toBeUndefined();
		everyoneSynced(1000);
	});

	it('falls back to 50 where Braze refuses 75: one refused request, the fewest at 50 after it, nothing failed', async () => {
		sb.setOptions({ trackLimit: 'combined50' });
		const report = await apply(1000);
		expect(report.outcomes).toHaveLength(2000);
		expect(report.outcomes.every((o) => o.ok)).toBe(true);
		expect(report.requests).toBe(1 + Math.ceil(2000 / 50));
		const statuses = trackRequests().map((r) => r.status);
		expect(statuses).toHaveLength(report.requests);
		expect(statuses.filter((status) => status === 400)).toHaveLength(1);
		expect(report.trackLimit).toBe('combined50');
		expect(trackLimitHint(report)?.message).toMatch(/refused 75 objects/);
		everyoneSynced(1000);
	});

	it('says so on the run through the Braze node, with every item a success', async () => {
		sb.setOptions({ trackLimit: 'combined50' });
		const items = Array.from({ length: 60 }, (_, i) => ({ json: { external_id: `node-${i}`, plan: 'pro' } }));
		const credentials = credentialsFor(sb);
		delete (credentials.brazeApi as IDataObject).trackBatchLimit;
		const ctx = createContext({
			items,
			credentials,
			parameters: { resource: 'change', operation: 'apply', changesSource: 'json', changesJson: '={{ [] }}' },
		});
		const { executeChanges } = await import('../../nodes/Braze/actions/executeChanges');
		const [output] = await executeChanges.call(ctx as never, (i) => [
			{ type: 'attributes', user: { external_id: `node-${i}` }, attributes: { plan: 'pro' } },
			{ type: 'event', user: { external_id: `node-${i}` }, name: 'synced', time: '2026-01-31T00:00:00Z' },
		]);
		expect(output.every((item) => item.json.success === true)).toBe(true);
		expect(ctx.hints).toEqual([expect.objectContaining({ message: expect.stringMatching(/refused 75 objects/) })]);
	});
});
