import { FIXTURE_IDS, type Sandbox, startSandbox } from '../../sandbox/server';
import { FAST, run, seed } from './braze.harness';

const apply = (extra: Record<string, unknown> = {}) => ({
	resource: 'change',
	operation: 'apply',
	changesSource: 'field',
	changesField: 'brazeChanges',
	applyOutput: 'results',
	...FAST,
	...extra,
});

describe('Braze node: Change > Apply with the changes added for issue 3 (against the sandbox)', () => {
	let sb: Sandbox;
	beforeAll(async () => {
		sb = await startSandbox();
	});
	afterAll(async () => await sb.close());
	beforeEach(async () => {
		sb.reset();
		await seed(sb, '/users/track', { attributes: [{ external_id: 'u1' }, { external_id: 'u2' }] });
		sb.state.requests.clear();
	});

	it('creates a cohort before adding its members, with Use Cohort Import Credential on', async () => {
		const item = (changes: unknown[]) => ({ json: { brazeChanges: changes } });
		const { output } = await run(sb, {
			items: [
				item([{ type: 'cohortUpsert', cohortId: 'c1', name: 'Cohort one', createdAt: '2026-01-31T00:00:00Z' }]),
				item([{ type: 'cohortMembership', cohortId: 'c1', member: { external_id: 'u1' }, action: 'add' }]),
				item([{ type: 'cohortMembership', cohortId: 'c1', member: { external_id: 'u2' }, action: 'add' }]),
			],
			parameters: apply({ useCohortImport: true }),
		});
		const paths = sb.state.requests.list().map((r) => r.path);
		expect(paths).toEqual(['/partners/sandbox-partner/cohorts', '/partners/sandbox-partner/cohorts/users']);
		expect(sb.state.cohorts.get('c1')).toMatchObject({ name: 'Cohort one' });
		expect(sb.state.cohorts.get('c1')!.members.size).toBe(2);
		expect(output.every((o) => o.json.success === true)).toBe(true);
	});

	it('fails an item with cohort changes alone when Use Cohort Import Credential is off', async () => {
		const { output } = await run(sb, {
			continueOnFail: true,
			items: [
				{ json: { brazeChanges: [{ type: 'cohortMembership', cohortId: 'c1', member: { device_id: 'd1' }, action: 'add' }] } },
				{ json: { brazeChanges: [{ type: 'attributes', user: { external_id: 'u1' }, attributes: { plan: 'pro' } }] } },
			],
			parameters: apply(),
		});
		expect(output[0].json.error).toMatch(/\[item 0\] This item holds a cohortMembership change: turn on Use Cohort Import Credential/);
		expect(output[1].json.success).toBe(true);
		expect(sb.state.user('u1')!.custom_attributes.plan).toBe('pro');
	});

	it('orders a profile update before a send to the same user, and returns the dispatch id', async () => {
		const { output } = await run(sb, {
			items: [
				{
					json: {
						brazeChanges: [
							{ type: 'attributes', user: { external_id: 'u1' }, attributes: { first_name: 'Ann' } },
							{ type: 'canvasSend', canvasId: FIXTURE_IDS.canvases.onboarding, recipient: { external_id: 'u1' }, context: { step: 1 } },
						],
					},
				},
			],
			parameters: apply(),
		});
		expect(sb.state.requests.list().map((r) => r.path)).toEqual(['/users/track', '/canvas/trigger/send']);
		expect(output[0].json).toMatchObject({
			success: true,
			results: [
				{ type: 'attributes', endpoint: '/users/track', ok: true },
				{ type: 'canvasSend', endpoint: '/canvas/trigger/send', ok: true, data: { dispatch_id: expect.any(String) } },
			],
		});
	});
});
