import { type Sandbox, startSandbox } from '../../sandbox/server';
import { FAST, json, run, runFailing, seed } from './braze.harness';

describe('Braze node: User operations added for issue 3 (against the sandbox)', () => {
	let sb: Sandbox;
	beforeAll(async () => {
		sb = await startSandbox();
	});
	afterAll(async () => await sb.close());
	beforeEach(() => sb.reset());

	describe('Update Alias', () => {
		const rows = [
			{ label: 'crm', from: 'c-1', to: 'c-100' },
			{ label: 'crm', from: 'c-2', to: '' },
			{ label: 'crm', from: 'c-3', to: 'c-300' },
		];
		const parameters = (i: number) => ({
			resource: 'user',
			operation: 'updateAlias',
			aliasUpdateLabel: rows[i].label,
			oldAliasName: rows[i].from,
			newAliasName: rows[i].to,
			...FAST,
		});

		beforeEach(async () => {
			await seed(sb, '/users/track', { attributes: [1, 2, 3].map((n) => ({ external_id: `u${n}` })) });
			await seed(sb, '/users/alias/new', {
				user_aliases: ['c-1', 'c-2', 'c-3'].map((name, i) => ({ external_id: `u${i + 1}`, alias_name: name, alias_label: 'crm' })),
			});
			sb.state.requests.clear();
		});

		it('partial failure: the item without a new name fails alone; the others are renamed in one request', async () => {
			const { output } = await run(sb, { continueOnFail: true, items: rows.map((row) => ({ json: row })), parameters });
			expect(sb.state.requests.list({ path: '/users/alias/update' }).map((r) => r.body)).toEqual([
				{
					alias_updates: [
						{ alias_label: 'crm', old_alias_name: 'c-1', new_alias_name: 'c-100' },
						{ alias_label: 'crm', old_alias_name: 'c-3', new_alias_name: 'c-300' },
					],
				},
			]);
			expect(output[0].json).toEqual({
				user: { user_alias: { alias_label: 'crm', alias_name: 'c-1' } },
				success: true,
				alias_label: 'crm',
				old_alias_name: 'c-1',
				new_alias_name: 'c-100',
			});
			expect(output[1].json.error).toMatch(/\[item 1\] user_alias \{"alias_label":"crm","alias_name":"c-2"\}: new_alias_name must not be empty/);
			expect(sb.state.user('u1')!.user_aliases).toEqual([{ alias_name: 'c-100', alias_label: 'crm' }]);
			expect(sb.state.user('u3')!.user_aliases).toEqual([{ alias_name: 'c-300', alias_label: 'crm' }]);
			expect(sb.state.user('u2')!.user_aliases).toEqual([{ alias_name: 'c-2', alias_label: 'crm' }]);
		});

		it('fatal error: without users.alias.update nothing changes', async () => {
			sb.setOptions({ permissions: ['users.track'] });
			const error = await runFailing(sb, { items: [{ json: {} }], parameters });
			expect(error.message).toMatch(/\/users\/alias\/update: Braze refused the request \(403/);
		});
	});

	describe('Merge', () => {
		const parameters = (pairs: Array<[string, string]>) => (i: number) => ({
			resource: 'user',
			operation: 'merge',
			mergeBy: 'user_alias',
			mergeAliasName: pairs[i][0],
			mergeAliasLabel: 'anon',
			keepBy: 'external_id',
			keepExternalId: pairs[i][1],
			...FAST,
		});

		beforeEach(async () => {
			await seed(sb, '/users/track', {
				attributes: [
					{ user_alias: { alias_name: 'a-1', alias_label: 'anon' }, _update_existing_only: false, plan: 'trial' },
					{ user_alias: { alias_name: 'a-2', alias_label: 'anon' }, _update_existing_only: false, city_guess: 'Paris' },
					{ external_id: 'k1' },
					{ external_id: 'k2' },
				],
			});
			sb.state.requests.clear();
		});

		it('merges many pairs in one request (202) and the kept users get the data', async () => {
			const pairs: Array<[string, string]> = [
				['a-1', 'k1'],
				['a-2', 'k2'],
			];
			const { output } = await run(sb, { items: [{ json: {} }, { json: {} }], parameters: parameters(pairs) });
			const [request] = sb.state.requests.list({ path: '/users/merge' });
			expect(request.status).toBe(202);
			expect(request.body).toEqual({
				merge_updates: [
					{ identifier_to_merge: { user_alias: { alias_name: 'a-1', alias_label: 'anon' } }, identifier_to_keep: { external_id: 'k1' } },
					{ identifier_to_merge: { user_alias: { alias_name: 'a-2', alias_label: 'anon' } }, identifier_to_keep: { external_id: 'k2' } },
				],
			});
			expect(sb.state.user('k1')!.custom_attributes).toMatchObject({ plan: 'trial' });
			expect(sb.state.user('k2')!.custom_attributes).toMatchObject({ city_guess: 'Paris' });
			expect(output[0].json).toEqual({
				user: { external_id: 'k1' },
				success: true,
				merged: { user_alias: { alias_name: 'a-1', alias_label: 'anon' } },
				kept: { external_id: 'k1' },
			});
		});

		it('merges by email with a prioritization', async () => {
			await seed(sb, '/users/track', { attributes: [{ email: 'anon@example.com', plan: 'pro' }] });
			await run(sb, {
				parameters: {
					resource: 'user',
					operation: 'merge',
					mergeBy: 'email',
					mergeEmail: 'anon@example.com',
					keepBy: 'external_id',
					keepExternalId: 'k1',
					mergePrioritization: 'unidentified,most_recently_updated',
				},
			});
			expect(sb.state.requests.list({ path: '/users/merge' })[0].body).toEqual({
				merge_updates: [
					{
						identifier_to_merge: { email: 'anon@example.com', prioritization: ['unidentified', 'most_recently_updated'] },
						identifier_to_keep: { external_id: 'k1' },
					},
				],
			});
			expect(sb.state.user('k1')!.custom_attributes.plan).toBe('pro');
		});

		it('partial failure and fatal error', async () => {
			const pairs: Array<[string, string]> = [
				['a-1', 'k1'],
				['', 'k2'],
			];
			const { output } = await run(sb, { continueOnFail: true, items: [{ json: {} }, { json: {} }], parameters: parameters(pairs) });
			expect(output[0].json.success).toBe(true);
			expect(output[1].json.error).toMatch(/\[item 1\] toMerge\.user_alias\.alias_name must not be empty/);
			expect(sb.state.user('k1')!.custom_attributes.plan).toBe('trial');

			sb.setOptions({ permissions: ['users.track'] });
			const error = await runFailing(sb, { items: [{ json: {} }], parameters: parameters([['a-2', 'k2']]) });
			expect(error.message).toMatch(/\/users\/merge: Braze refused the request \(403/);
		});
	});

	describe('Rename External ID and Remove External ID', () => {
		beforeEach(async () => {
			await seed(sb, '/users/track', { attributes: ['u1', 'u2', 'u3', 'taken'].map((external_id) => ({ external_id })) });
			sb.state.requests.clear();
		});

		const rename = (pairs: Array<[string, string]>) => (i: number) => ({
			resource: 'user',
			operation: 'renameExternalId',
			currentExternalId: pairs[i][0],
			newExternalId: pairs[i][1],
			...FAST,
		});

		it("partial failure: Braze's rename_errors fail their own items; the others are renamed in one request", async () => {
			const pairs: Array<[string, string]> = [
				['u1', 'u1-new'],
				['ghost', 'ghost-new'],
				['u2', 'taken'],
				['u3', 'u3-new'],
			];
			const { output } = await run(sb, { continueOnFail: true, items: pairs.map(() => ({ json: {} })), parameters: rename(pairs) });
			expect(sb.state.requests.list({ path: '/users/external_ids/rename' })).toHaveLength(1);
			expect(output[0].json).toEqual({ user: { external_id: 'u1' }, success: true, current_external_id: 'u1', new_external_id: 'u1-new' });
			expect(output[1].json.error).toMatch(/\[item 1\] external_id "ghost": \/users\/external_ids\/rename: Braze refused this change: 'current_external_id' does not exist/);
			expect(output[2].json.error).toMatch(/\[item 2\] .*'new_external_id' is already in use/);
			expect(output[3].json.success).toBe(true);
			expect(sb.state.users.primaryOwner('u1-new')).toBeDefined();
			expect(sb.state.users.primaryOwner('u3-new')).toBeDefined();
			expect(sb.state.users.primaryOwner('u2')).toBeDefined();
		});

		it("Remove: deprecated IDs go, a primary one fails alone with Braze's removal error", async () => {
			await run(sb, {
				items: [{ json: {} }, { json: {} }],
				parameters: rename([
					['u1', 'u1-new'],
					['u2', 'u2-new'],
				]),
			});
			const ids = ['u1', 'u3', 'u2'];
			const { output } = await run(sb, {
				continueOnFail: true,
				items: ids.map((id) => ({ json: { id } })),
				parameters: (i) => ({ resource: 'user', operation: 'removeExternalId', deprecatedExternalId: ids[i] }),
			});
			expect(sb.state.requests.list({ path: '/users/external_ids/remove' }).map((r) => r.body)).toEqual([{ external_ids: ['u1', 'u3', 'u2'] }]);
			expect(output[0].json).toEqual({ user: { external_id: 'u1' }, success: true, removed_external_id: 'u1' });
			expect(output[1].json.error).toMatch(/\[item 1\] .*'u3' is a primary external_id; only deprecated ids can be removed/);
			expect(output[2].json.success).toBe(true);
			expect(sb.state.users.deprecatedOwner('u1')).toBeUndefined();
			expect(sb.state.users.byExternalId('u3')).toBeDefined();
		});

		it('fatal error: without the permission every item fails', async () => {
			sb.setOptions({ permissions: ['users.track'] });
			const error = await runFailing(sb, { items: [{ json: {} }], parameters: rename([['u1', 'u1-new']]) });
			expect(error.message).toMatch(/\/users\/external_ids\/rename: Braze refused the request \(403/);
			const removal = await runFailing(sb, {
				items: [{ json: {} }],
				parameters: { resource: 'user', operation: 'removeExternalId', deprecatedExternalId: 'u1', ...FAST },
			});
			expect(removal.message).toMatch(/\/users\/external_ids\/remove: Braze refused the request \(403/);
		});
	});

	describe('Track: subscription groups and global email state', () => {
		it('sends them inside the attributes object', async () => {
			await run(sb, {
				parameters: {
					resource: 'user',
					operation: 'track',
					identifyBy: 'external_id',
					externalId: 'u9',
					inputMode: 'fields',
					standardAttributes: { email: 'u9@example.com', email_subscribe: 'opted_in' },
					subscriptionGroups: {
						group: [
							{ groupId: 'g-news', state: 'subscribed' },
							{ groupId: 'g-offers', state: 'unsubscribed' },
						],
					},
				},
			});
			expect(sb.state.requests.list({ path: '/users/track' })[0].body).toEqual({
				attributes: [
					{
						external_id: 'u9',
						email: 'u9@example.com',
						email_subscribe: 'opted_in',
						subscription_groups: [
							{ subscription_group_id: 'g-news', subscription_state: 'subscribed' },
							{ subscription_group_id: 'g-offers', subscription_state: 'unsubscribed' },
						],
					},
				],
			});
			const user = sb.state.user('u9')!;
			expect(user.email_subscribe).toBe('opted_in');
			expect(user.subscription_groups).toEqual({ 'g-news': 'subscribed', 'g-offers': 'unsubscribed' });
		});

		it('a subscription group row without an ID fails the item alone', async () => {
			const groups = [[{ groupId: 'g-news', state: 'subscribed' }], [{ groupId: ' ', state: 'subscribed' }]];
			const { output } = await run(sb, {
				continueOnFail: true,
				items: [{ json: {} }, { json: {} }],
				parameters: (i) => ({
					resource: 'user',
					operation: 'track',
					identifyBy: 'external_id',
					externalId: `u${i}`,
					inputMode: 'fields',
					subscriptionGroups: { group: groups[i] },
				}),
			});
			expect(output[0].json.success).toBe(true);
			expect(output[1].json.error).toMatch(/\[item 1\] Subscription Groups has a group without an ID/);
		});
	});

	describe('Export by Identifier: Simplify', () => {
		it('keeps the main profile fields only', async () => {
			await seed(sb, '/users/track', {
				attributes: [{ external_id: 'u1', first_name: 'Ann', email: 'ann@example.com', favorite: 'tea' }],
				events: [{ external_id: 'u1', name: 'opened', time: '2026-01-01T00:00:00Z' }],
			});
			const base = { resource: 'user', operation: 'export', identifyBy: 'external_id', externalId: 'u1', fieldsToExport: '' };
			const full = await run(sb, { parameters: base });
			const simple = await run(sb, { parameters: { ...base, simplify: true } });
			expect(Object.keys(full.output[0].json).length).toBeGreaterThan(Object.keys(simple.output[0].json).length);
			expect(simple.output[0].json).toMatchObject({ found: true, external_id: 'u1', first_name: 'Ann', email: 'ann@example.com', custom_attributes: { favorite: 'tea' } });
			expect(simple.output[0].json.custom_events).toBeUndefined();
			expect(json(full.output)[0].custom_events).toBeDefined();
		});
	});
});
