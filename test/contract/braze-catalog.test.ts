/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { Braze } from '../../nodes/Braze/Braze.node';
import { type Sandbox, startSandbox } from '../../sandbox/server';
import { contextFor, json, run, runFailing } from './braze.harness';

const catalog = { __rl: true, mode: 'name', value: 'restaurants' };
const FIELDS = [
	{ name: 'Name', type: 'string' as const },
	{ name: 'City', type: 'string' as const },
	{ name: 'Rating', type: 'number' as const },
	{ name: 'Top_Dishes', type: 'array' as const },
];

const rows = (n: number, from = 0): INodeExecutionData[] =>
	Array.from({ length: n }, (_v, k) => ({ json: { id: `r-${from + k}`, Name: `Restaurant ${from + k}`, City: 'Lyon', Rating: 4 } }));

/** The Item ID field is an expression ({{ $json.id }}) in n8n; the harness does not evaluate them, so each item gets its own. */
const write = (operation: string, list: INodeExecutionData[], extra: Record<string, unknown> = {}) => ({
	items: list,
	parameters: (i: number) => ({ resource: 'catalog', operation, catalogName: catalog, itemId: list[i].json.id, ...extra }),
});

describe('Braze node: Catalog (against the sandbox)', () => {
	let sb: Sandbox;
	beforeAll(async () => {
		sb = await startSandbox();
	});
	afterAll(async () => await sb.close());
	beforeEach(() => {
		sb.reset();
		sb.state.catalogs.create('restaurants', FIELDS, 'My restaurants');
	});

	const bodies = (method: string) =>
		sb.state.requests
			.list({ path: '/catalogs/restaurants/items' })
			.filter((r) => r.method === method)
			.map((r) => r.body as { items: Array<Record<string, unknown>> });
	const stored = () => sb.state.catalogs.get('restaurants')!.items;

	it('Create Item sends up to 50 items a request and gives every input item its own output', async () => {
		const { output } = await run(sb, write('createItem', rows(120), { fieldsFrom: 'input' }));
		expect(bodies('POST').map((b) => b.items.length)).toEqual([50, 50, 20]);
		expect(stored().size).toBe(120);
		expect(stored().get('r-7')).toEqual({ id: 'r-7', Name: 'Restaurant 7', City: 'Lyon', Rating: 4 });
		expect(output[119]).toEqual({ json: { success: true, catalog_name: 'restaurants', id: 'r-119' }, pairedItem: { item: 119 } });
	});

	it('a field the catalog lacks fails only the item that sent it, with Braze\'s error; the others are created', async () => {
		const list = rows(6);
		list[3].json.Chef = 'Paul';
		const { output } = await run(sb, { ...write('createItem', list, { fieldsFrom: 'input' }), continueOnFail: true });
		expect(output[3].json.error).toMatch(/\[item 3\].*invalid-fields: Some of the fields given do not exist in the catalog \[r-3\]/);
		expect(json(output).filter((o) => o.error === undefined)).toHaveLength(5);
		expect([...stored().keys()].sort()).toEqual(['r-0', 'r-1', 'r-2', 'r-4', 'r-5']);
		// The first request was refused as a whole; nothing of it was applied before the split.
		expect(sb.state.requests.list({ path: '/catalogs/restaurants/items' })[0].status).toBe(400);
	});

	it('checks IDs and field keys before sending: a bad item fails alone and Braze never sees it', async () => {
		const list = [...rows(2), { json: { id: 'no spaces!', Name: 'x' } }, { json: { id: 'r-9', 'bad.key': 1 } }];
		const { output } = await run(sb, { ...write('createItem', list, { fieldsFrom: 'input' }), continueOnFail: true });
		expect(output[2].json.error).toMatch(/\[item 2\].*may hold only letters, digits, - and _/);
		expect(output[3].json.error).toMatch(/\[item 3\].*"\." or "\$"/);
		expect(bodies('POST').flatMap((b) => b.items.map((item) => item.id))).toEqual(['r-0', 'r-1']);
	});

	it('Update Item edits existing items with PATCH ($add/$remove on arrays); Replace Item sets exactly the fields, creating missing ones', async () => {
		sb.state.catalogs.create('restaurants', FIELDS, '', [
			{ id: 'r-0', Name: 'Old', City: 'Lyon', Rating: 3, Top_Dishes: ['Fries'] },
			{ id: 'r-1', Name: 'Keep', City: 'Nice', Rating: 5 },
		]);
		await run(sb, {
			items: [{ json: { id: 'r-0' } }],
			parameters: { resource: 'catalog', operation: 'updateItem', catalogName: catalog, itemId: 'r-0', fieldsFrom: 'json', fieldsJson: '{"Rating": 4, "Top_Dishes": {"$add": ["Soup"], "$remove": ["Fries"]}}' },
		});
		expect(bodies('PATCH')).toEqual([{ items: [{ id: 'r-0', Rating: 4, Top_Dishes: { $add: ['Soup'], $remove: ['Fries'] } }] }]);
		expect(stored().get('r-0')).toEqual({ id: 'r-0', Name: 'Old', City: 'Lyon', Rating: 4, Top_Dishes: ['Soup'] });

		await run(sb, write('replaceItem', [{ json: { id: 'r-1', Name: 'New' } }, { json: { id: 'r-2', Name: 'Fresh', Rating: '5' } }], { fieldsFrom: 'input' }));
		expect(bodies('PUT')).toHaveLength(1);
		expect(stored().get('r-1')).toEqual({ id: 'r-1', Name: 'New' });
		expect(stored().get('r-2')).toEqual({ id: 'r-2', Name: 'Fresh', Rating: 5 });
	});

	it('Delete Item removes items with DELETE, 50 a request', async () => {
		await run(sb, write('createItem', rows(60), { fieldsFrom: 'input' }));
		await run(sb, write('deleteItem', rows(55)));
		expect(bodies('DELETE').map((b) => b.items)).toEqual([rows(50).map((r) => ({ id: r.json.id })), rows(5, 50).map((r) => ({ id: r.json.id }))]);
		expect([...stored().keys()]).toEqual(['r-55', 'r-56', 'r-57', 'r-58', 'r-59']);
	});

	it('Get Item reads one item; an unknown one fails its item alone with Braze\'s words', async () => {
		sb.state.catalogs.create('restaurants', FIELDS, '', [{ id: 'r-0', Name: 'One', City: 'Lyon', Rating: 3 }]);
		const { output } = await run(sb, {
			continueOnFail: true,
			items: [{ json: {} }, { json: {} }],
			parameters: (i) => ({ resource: 'catalog', operation: 'getItem', catalogName: catalog, itemId: ['r-0', 'r-404'][i] }),
		});
		expect(output[0]).toEqual({ json: { id: 'r-0', Name: 'One', City: 'Lyon', Rating: 3 }, pairedItem: { item: 0 } });
		expect(output[1].json.error).toMatch(/\[item 1\].*404.*item-not-found: Could not find item \[r-404\]/);
	});

	it('Get Many Items follows the Link header\'s next cursor, 50 items a page, and stops at the Limit', async () => {
		sb.state.catalogs.create('restaurants', FIELDS, '', rows(120).map((r) => r.json));
		const all = await run(sb, { parameters: { resource: 'catalog', operation: 'getManyItems', catalogName: catalog, returnAll: true } });
		expect(all.output.map((o) => o.json.id)).toEqual(rows(120).map((r) => r.json.id));
		const reads = sb.state.requests.list({ path: '/catalogs/restaurants/items' });
		expect(reads.map((r) => r.query.cursor)).toEqual([undefined, Buffer.from('skip:50').toString('base64'), Buffer.from('skip:100').toString('base64')]);

		sb.state.requests.clear();
		const some = await run(sb, { parameters: { resource: 'catalog', operation: 'getManyItems', catalogName: catalog, returnAll: false, limit: 60 } });
		expect(some.output).toHaveLength(60);
		expect(sb.state.requests.list({ path: '/catalogs/restaurants/items' })).toHaveLength(2);
	});

	it('waits out the catalog reads\' own rate limit instead of failing (50 a minute in Braze, 2 a second here)', async () => {
		sb.state.catalogs.create('restaurants', FIELDS, '', rows(150).map((r) => r.json));
		sb.setOptions({ rateLimits: { 'catalog.items.sync': { limit: 2, windowMs: 1000 } } });
		const { output } = await run(sb, { parameters: { resource: 'catalog', operation: 'getManyItems', catalogName: catalog, returnAll: true } });
		expect(output).toHaveLength(150);
		const statuses = sb.state.requests.list({ path: '/catalogs/restaurants/items' }).map((r) => r.status);
		// X-RateLimit-Remaining: 0 after the second page: the transport paused until the window reset, never refused.
		expect(statuses).toEqual([200, 200, 200]);
		expect(sb.state.stats.rateLimited429).toBe(0);
		const seconds = sb.state.requests.list({ path: '/catalogs/restaurants/items' }).map((r) => Math.floor(Date.parse(r.time) / 1000));
		expect(seconds[2]).toBeGreaterThan(seconds[1]);
	});

	it('List Catalogs returns each catalog with its fields and item count, and feeds the Catalog picker', async () => {
		sb.state.catalogs.create('menu', [{ name: 'Price', type: 'number' }], 'Menu', [{ id: 'm-1', Price: 3 }]);
		const { output } = await run(sb, { parameters: { resource: 'catalog', operation: 'listCatalogs', returnAll: true } });
		expect(json(output).map((c) => [c.name, c.num_items])).toEqual([
			['restaurants', 0],
			['menu', 1],
		]);
		const ctx = contextFor(sb, { parameters: {} });
		const { results } = await new Braze().methods.listSearch.searchCatalogs.call(ctx as never, 'men');
		expect(results).toEqual([{ name: 'menu', value: 'menu' }]);
	});

	it('an unknown catalog fails with Braze\'s catalog-not-found; a missing permission names the fix', async () => {
		const missing = { __rl: true, mode: 'name', value: 'nope' };
		const error = await runFailing(sb, { items: [{ json: { id: 'a' } }], parameters: { resource: 'catalog', operation: 'createItem', catalogName: missing, itemId: 'a', fieldsFrom: 'input' } });
		expect(error.message).toMatch(/\[item 0\].*catalog-not-found: Could not find catalog \[nope\]/);

		sb.setOptions({ permissions: ['catalogs.get'] });
		const denied = await runFailing(sb, write('deleteItem', rows(1)));
		expect(denied.message).toMatch(/403.*permission/);
		expect(sb.state.requests.list({ path: '/catalogs/restaurants/items' }).map((r) => r.status)).toEqual([403]);
	});

	it('the catalog-sync template upserts its sample table and sends the refused row to the error output', async () => {
		const template = JSON.parse(readFileSync(join(__dirname, '../../workflows/catalog-sync.json'), 'utf8')) as {
			nodes: Array<{ type: string; parameters: Record<string, unknown> }>;
		};
		const table = JSON.parse(String(template.nodes.find((n) => n.type === 'n8n-nodes-base.set')!.parameters.jsonOutput)) as { rows: IDataObject[] };
		const parameters = template.nodes.find((n) => n.type === 'n8n-nodes-braze.braze')!.parameters;
		expect(parameters.itemId).toBe('={{ $json.id }}');
		// n8n resolves the Item ID expression per item; the harness does not evaluate expressions.
		const { output } = await run(sb, { continueOnFail: true, items: table.rows.map((json) => ({ json })), parameters: (i) => ({ ...parameters, itemId: table.rows[i].id }) });
		expect(json(output).filter((o) => o.error === undefined).map((o) => o.id)).toEqual(['restaurant-1', 'restaurant-2']);
		expect(output[2].json.error).toMatch(/\[item 2\].*may hold only letters, digits, - and _/);
		expect(stored().get('restaurant-1')).toEqual({ id: 'restaurant-1', Name: 'Le Bouchon', City: 'Lyon', Rating: 5 });
		expect(bodies('PUT')).toHaveLength(1);
	});

	it('catalog changes from Change > Apply keep each item\'s order across the four endpoints', async () => {
		const changes = [
			{ type: 'catalogItemCreate', catalogName: 'restaurants', itemId: 'r-1', fields: { Name: 'One', Rating: 1 } },
			{ type: 'catalogItemUpdate', catalogName: 'restaurants', itemId: 'r-1', fields: { Rating: 2 } },
			{ type: 'catalogItemCreate', catalogName: 'restaurants', itemId: 'r-2', fields: { Name: 'Two' } },
			{ type: 'catalogItemDelete', catalogName: 'restaurants', itemId: 'r-2' },
		];
		await run(sb, {
			items: changes.map((change) => ({ json: { brazeChanges: [change] } })),
			parameters: { resource: 'change', operation: 'apply', changesSource: 'field', changesField: 'brazeChanges', applyOutput: 'results', sendingOptions: { concurrency: 8 } },
		});
		// The PATCH of r-1 waits for the POST that creates it, the DELETE of r-2 too; r-2 never lingers.
		const [first, ...later] = sb.state.requests.list({ path: '/catalogs/restaurants/items' }).map((r) => r.method);
		expect(first).toBe('POST');
		expect(later.sort()).toEqual(['DELETE', 'PATCH']);
		expect([...stored().values()]).toEqual([{ id: 'r-1', Name: 'One', Rating: 2 }]);
	});
});
