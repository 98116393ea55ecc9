import { type Sandbox, startSandbox } from '../../sandbox/server';
import { FAST, contextFor, run } from './braze.harness';
import { Braze } from '../../nodes/Braze/Braze.node';

describe('Braze node: User > Track, Map Automatically (against the sandbox)', () => {
	let sb: Sandbox;
	beforeAll(async () => {
		sb = await startSandbox();
	});
	afterAll(async () => await sb.close());
	beforeEach(() => sb.reset());

	const parameters = (extra: Record<string, unknown> = {}) => ({
		resource: 'user',
		operation: 'track',
		identifyBy: 'external_id',
		inputMode: 'autoMap',
		identifierField: 'id',
		fieldsToSend: '',
		autoEventName: 'warehouse_sync',
		trackOptions: {},
		...extra,
		...FAST,
	});
	const rows = [
		{ id: 'u1', plan: 'pro', score: 7, vip: true, nickname: '' },
		{ id: 'u2', plan: 'free', score: 2, vip: false, nickname: null },
		{ plan: 'lost', score: 1 },
	];

	it('sends every field but the identifier, skips empty ones, records the event, and fails the row without an id alone', async () => {
		const { output } = await run(sb, { continueOnFail: true, items: rows.map((json) => ({ json })), parameters: parameters() });
		expect(output.map((o) => o.json.success)).toEqual([true, true, undefined]);
		expect(output[2].json.error).toMatch(/\[item 2\] The item has no "id" field: set Identifier Field/);
		const [request] = sb.state.requests.list({ path: '/users/track' });
		expect(request.body).toMatchObject({
			attributes: [
				{ external_id: 'u1', plan: 'pro', score: 7, vip: true },
				{ external_id: 'u2', plan: 'free', score: 2, vip: false },
			],
			events: [{ external_id: 'u1', name: 'warehouse_sync' }, { external_id: 'u2', name: 'warehouse_sync' }],
		});
		expect((request.body as { attributes: object[] }).attributes[0]).not.toHaveProperty('nickname');
		expect(sb.state.user('u1')!.custom_attributes).toEqual({ plan: 'pro', score: 7, vip: true });
	});

	it('sends only the listed fields, and empty ones as unset when asked', async () => {
		await run(sb, {
			items: [{ json: rows[0] }],
			parameters: parameters({ fieldsToSend: 'plan, nickname', autoEventName: '', trackOptions: { sendEmptyAsUnset: true } }),
		});
		const [request] = sb.state.requests.list({ path: '/users/track' });
		expect(request.body).toEqual({ attributes: [{ external_id: 'u1', plan: 'pro', nickname: null }] });
	});

	it('reads the credential once for a run of many requests, and every request carries its key', async () => {
		// 200 users of 2 objects each are 6 requests at the Automatic limit's 75 objects.
		const many = Array.from({ length: 200 }, (_, i) => ({ json: { id: `m${i}`, plan: 'pro' } }));
		const ctx = contextFor(sb, { items: many, parameters: parameters() });
		const [output] = await new Braze().execute.call(ctx as never);
		expect(output.filter((o) => o.json.success === true)).toHaveLength(200);
		expect(sb.state.requests.list({ path: '/users/track' })).toHaveLength(6);
		expect(ctx.credentialReads).toEqual({ brazeApi: 1 });
		expect(sb.state.user('m199')!.custom_attributes).toEqual({ plan: 'pro' });
	});
});
