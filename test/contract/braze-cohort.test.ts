/* eslint-disable @typescript-eslint/no-explicit-any */
import { Braze } from '../../nodes/Braze/Braze.node';
import { type Sandbox, startSandbox } from '../../sandbox/server';
import { FAST, PARTNER, credentialsFor, json, run, runFailing } from './braze.harness';

const cohortOnly = (sb: Sandbox, clientSecret?: string) => ({ brazeCohortApi: credentialsFor(sb, { clientSecret }).brazeCohortApi });

describe('Braze node: Cohort (partner Cohort Import, against the sandbox)', () => {
	let sb: Sandbox;
	beforeAll(async () => {
		sb = await startSandbox();
	});
	afterAll(async () => await sb.close());
	beforeEach(() => sb.reset());

	it('shows the Cohort Import credential for the Cohort resource only, and says the key is partner-only', () => {
		const { description } = new Braze();
		expect(description.credentials).toEqual([
			{ name: 'brazeApi', required: true, displayOptions: { hide: { resource: ['cohort'] } } },
			{ name: 'brazeCohortApi', required: true, displayOptions: { show: { useCohortImport: [true] } } },
		]);
		const notice = description.properties.find((p) => p.name === 'cohortNotice')!;
		expect(notice.displayName).toMatch(/only to registered technology partners/);
		// Looked up by resource: the two never show together, so their order in the description does not matter.
		const switches = description.properties.filter((p) => p.name === 'useCohortImport');
		expect(switches).toHaveLength(2);
		const switchFor = (resource: string) => switches.filter((p) => p.displayOptions?.show?.resource?.includes(resource));
		expect(switchFor('cohort').map((p) => [p.type, p.default, p.displayOptions?.show?.resource])).toEqual([['hidden', true, ['cohort']]]);
		expect(switchFor('change').map((p) => [p.type, p.default, p.displayOptions?.show?.resource])).toEqual([['boolean', false, ['change']]]);
	});

	describe('Create or Rename', () => {
		const parameters = (name: string, extra: Record<string, unknown> = {}) => ({
			resource: 'cohort',
			operation: 'createOrRename',
			cohortId: 'buyers',
			cohortName: name,
			...FAST,
			...extra,
		});

		it('creates a cohort and renames it, with only the Cohort Import credential', async () => {
			const created = await run(sb, { credentials: cohortOnly(sb), parameters: parameters('Buyers', { cohortOptions: { createdAt: '2026-01-31T12:00:00Z' } }) });
			expect(created.output[0].json).toEqual({
				user: { cohort_id: 'buyers' },
				success: true,
				cohort_id: 'buyers',
				name: 'Buyers',
				created_at: '2026-01-31T12:00:00.000Z',
			});
			await run(sb, { credentials: cohortOnly(sb), parameters: parameters('Weekly buyers') });
			expect(sb.state.cohorts.get('buyers')).toMatchObject({ name: 'Weekly buyers', created_at: '2026-01-31T12:00:00.000Z' });
			const [first] = sb.state.requests.list({ path: '/partners/sandbox-partner/cohorts' });
			expect(first.body).toEqual({
				cohort_id: 'buyers',
				name: 'Buyers',
				created_at: '2026-01-31T12:00:00.000Z',
				partner_api_key: PARTNER.partnerApiKey,
				client_secret: PARTNER.clientSecret,
			});
			// The node's own output and request bodies never hold the keys: the credential adds them.
			expect(JSON.stringify(created)).not.toContain(PARTNER.clientSecret);
		});

		it('partial failure and fatal error', async () => {
			const names = ['Buyers', ' '];
			const { output } = await run(sb, { continueOnFail: true, credentials: cohortOnly(sb), items: [{ json: {} }, { json: {} }], parameters: (i) => parameters(names[i], { cohortId: `c${i}` }) });
			expect(output[0].json.success).toBe(true);
			expect(output[1].json.error).toMatch(/\[item 1\] cohort_id "c1": name must not be empty/);

			const error = await runFailing(sb, { credentials: cohortOnly(sb, 'wrong-secret'), parameters: parameters('Buyers') });
			expect(error.message).toMatch(/\/partners\/\{partner\}\/cohorts: Braze refused the API key \(401: Invalid client secret\)/);
			expect(error.message).not.toContain('wrong-secret');
		});
	});

	describe('Add or Remove Members', () => {
		const members = (extra: Record<string, unknown>) => ({
			resource: 'cohort',
			operation: 'updateMembers',
			cohortId: 'buyers',
			memberAction: 'add',
			memberBy: 'external_id',
			...FAST,
			...extra,
		});

		it('packs up to 1,000 members per request, from items and lists', async () => {
			const { output } = await run(sb, {
				credentials: cohortOnly(sb),
				items: Array.from({ length: 1200 }, (_, i) => ({ json: { id: `u${i}` } })),
				parameters: (i) => members({ memberExternalIds: `u${i}` }),
			});
			const bodies = sb.state.requests.list({ path: '/partners/sandbox-partner/cohorts/users' }).map((r) => r.body as any);
			expect(bodies.map((b) => b.cohort_changes[0].user_ids.length)).toEqual([1000, 200]);
			expect(sb.state.cohorts.get('buyers')!.members.size).toBe(1200);
			expect(output[1199]).toEqual({
				json: { user: { external_id: 'u1199' }, success: true, cohort_id: 'buyers', action: 'add', members: 1 },
				pairedItem: { item: 1199 },
			});
		});

		it('adds device IDs and aliases, and removes members', async () => {
			await run(sb, {
				credentials: cohortOnly(sb),
				items: [{ json: {} }, { json: {} }, { json: {} }],
				parameters: (i) =>
					[
						members({ memberExternalIds: 'u1, u2, u3' }),
						members({ memberBy: 'device_id', memberDeviceIds: ['d1', 'd2'] }),
						members({ memberBy: 'user_alias', memberAliasLabel: 'kubit_id', memberAliasNames: 'k1' }),
					][i],
			});
			expect(sb.state.requests.list({ path: '/partners/sandbox-partner/cohorts/users' })[0].body).toMatchObject({
				cohort_id: 'buyers',
				cohort_changes: [{ user_ids: ['u1', 'u2', 'u3'], device_ids: ['d1', 'd2'], aliases: [{ alias_name: 'k1', alias_label: 'kubit_id' }] }],
			});
			const { output } = await run(sb, { credentials: cohortOnly(sb), parameters: members({ memberAction: 'remove', memberExternalIds: 'u2' }) });
			expect(output[0].json).toEqual({ user: { external_id: 'u2' }, success: true, cohort_id: 'buyers', action: 'remove', members: 1 });
			expect([...sb.state.cohorts.get('buyers')!.members].sort()).toEqual(
				['alias:kubit_id:k1', 'device_id:d1', 'device_id:d2', 'user_id:u1', 'user_id:u3'].sort(),
			);
		});

		it('partial failure: an item without an alias label fails alone; the others land', async () => {
			const rows = [members({ memberExternalIds: 'u1' }), members({ memberBy: 'user_alias', memberAliasLabel: '', memberAliasNames: 'k1' }), members({ memberExternalIds: '' }), members({ memberExternalIds: 'u2' })];
			const { output } = await run(sb, { continueOnFail: true, credentials: cohortOnly(sb), items: rows.map(() => ({ json: {} })), parameters: (i) => rows[i] });
			expect(output[1].json.error).toMatch(/\[item 1\] member/);
			expect(output[2].json.error).toMatch(/\[item 2\] No members given/);
			expect([output[0].json.success, output[3].json.success]).toEqual([true, true]);
			expect([...sb.state.cohorts.get('buyers')!.members].sort()).toEqual(['user_id:u1', 'user_id:u2']);
		});

		it('fatal error: a wrong data import key fails every item, without echoing it', async () => {
			const { output } = await run(sb, {
				continueOnFail: true,
				credentials: cohortOnly(sb, 'not-the-key'),
				items: [{ json: {} }, { json: {} }],
				parameters: (i) => members({ memberExternalIds: `u${i}` }),
			});
			expect(json(output).map((o) => String(o.error))).toEqual([
				expect.stringMatching(/\[item 0\] .*401: Invalid client secret/),
				expect.stringMatching(/\[item 1\] .*401: Invalid client secret/),
			]);
			expect(JSON.stringify(output)).not.toContain('not-the-key');
			expect(sb.state.cohorts.get('buyers')).toBeUndefined();
		});
	});
});
