/* eslint-disable @typescript-eslint/no-explicit-any */
import { type Sandbox, startSandbox } from '../../sandbox/server';
import { FAST, run } from './braze.harness';

// eCommerce recommended events through User > Track, against the sandbox that checks them as Braze does.

const product = { product_id: 'sku-1', product_name: 'Socks', variant_id: 'sku-1-m', quantity: 2, price: 4.5 };
const order = { order_id: 'ord_1', total_value: 9, currency: 'USD', source: 'web', products: [product] };

describe('Braze node: eCommerce events in User > Track (against the sandbox)', () => {
	let sb: Sandbox;
	beforeAll(async () => {
		sb = await startSandbox();
	});
	afterAll(async () => await sb.close());
	beforeEach(() => sb.reset());

	const parameters = (extra: Record<string, unknown>) => ({
		resource: 'user',
		operation: 'track',
		identifyBy: 'external_id',
		externalId: 'u1',
		inputMode: 'fields',
		trackOptions: {},
		...extra,
		...FAST,
	});

	async function post(body: unknown) {
		const r = await fetch(`${sb.url}/users/track`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', authorization: 'Bearer sandbox-api-key' },
			body: JSON.stringify(body),
		});
		return (await r.json()) as any;
	}

	it('sandbox: keeps a valid eCommerce event and drops one Braze refuses, naming the property', async () => {
		const time = '2026-04-28T14:35:42Z';
		const noPrice: Record<string, unknown> = { ...product };
		delete noPrice.price;
		const body = await post({
			events: [
				{ external_id: 'u1', name: 'ecommerce.order_placed', time, properties: order },
				{ external_id: 'u1', name: 'ecommerce.order_placed', time, properties: { ...order, order_id: undefined } },
				{ external_id: 'u1', name: 'ecommerce.order_refunded', time, properties: { ...order, gift_wrapped: true } },
				{ external_id: 'u1', name: 'ecommerce.checkout_started', time, properties: { ...order, order_id: undefined, checkout_id: 'c', products: [noPrice] } },
				{ external_id: 'u1', name: 'ecommerce.OrderPlaced', time, properties: { anything: 1 } },
				{ external_id: 'u1', name: 'ecommerce.order_refunded', time, properties: { ...order, toString: 'x' } },
				// Names and keys are looked up as own keys: Object.prototype's are not eCommerce ones.
				{ external_id: 'u1', name: 'valueOf', time, properties: { toString: 1 } },
			],
		});
		expect(body.errors.map((e: any) => [e.index, e.type])).toEqual([
			[1, "'order_id' is required"],
			[2, "'gift_wrapped' is not a property of this event: put custom fields in 'metadata'"],
			[3, "'products[0].price' is required"],
			[5, "'toString' is not a property of this event: put custom fields in 'metadata'"],
		]);
		// The misspelt name is a plain custom event for Braze: kept, no error.
		expect(sb.state.user('u1')!.custom_events.map((e) => e.name).sort()).toEqual(['ecommerce.OrderPlaced', 'ecommerce.order_placed', 'valueOf']);
	});

	it('sends an eCommerce event built from fields, and Braze keeps it', async () => {
		const { output } = await run(sb, {
			items: [{ json: {} }],
			parameters: parameters({
				ecommerceEvent: 'ecommerce.cart_updated',
				ecommercePropertiesFrom: 'fields',
				ecommerceProperties: { cart_id: 'cart_1', cartAction: 'add', currency: 'usd', source: 'web', products: JSON.stringify([product]), image_url: '' },
			}),
		});
		expect(output[0].json.success).toBe(true);
		const [request] = sb.state.requests.list({ path: '/users/track' });
		expect((request.body as any).events).toEqual([
			expect.objectContaining({
				external_id: 'u1',
				name: 'ecommerce.cart_updated',
				properties: { cart_id: 'cart_1', action: 'add', currency: 'USD', source: 'web', products: [product] },
			}),
		]);
		expect(sb.state.user('u1')!.custom_events.map((e) => e.name)).toEqual(['ecommerce.cart_updated']);
	});

	it('refuses an eCommerce event missing a required property before sending anything', async () => {
		const { output } = await run(sb, {
			continueOnFail: true,
			items: [{ json: {} }],
			parameters: parameters({ ecommerceEvent: 'ecommerce.order_placed', ecommercePropertiesFrom: 'json', ecommerceJson: JSON.stringify({ ...order, source: undefined }) }),
		});
		expect(String(output[0].json.error)).toContain('properties.source');
		expect(sb.state.requests.list({ path: '/users/track' })).toHaveLength(0);
	});

	it('Send Purchases As ecommerce.order_placed: two purchases of one order become one order Braze keeps', async () => {
		const purchasesJson = JSON.stringify([
			{ product_id: 'sku-1', currency: 'EUR', price: 4.5, quantity: 2, time: '2026-05-01T10:00:00Z', properties: { order_id: 'ord_9', product_name: 'Socks', color: 'red' } },
			{ product_id: 'sku-2', currency: 'EUR', price: 10, time: '2026-05-01T10:00:00Z', properties: { order_id: 'ord_9' } },
		]);
		const { output } = await run(sb, {
			items: [{ json: {} }],
			parameters: parameters({ inputMode: 'json', attributesJson: '{}', eventsJson: '[]', purchasesJson, trackOptions: { sendPurchasesAs: 'orderPlaced' } }),
		});
		expect(output[0].json.success).toBe(true);
		const [request] = sb.state.requests.list({ path: '/users/track' });
		const body = request.body as any;
		expect(body.purchases).toBeUndefined();
		expect(body.events).toEqual([
			expect.objectContaining({
				name: 'ecommerce.order_placed',
				properties: {
					order_id: 'ord_9',
					source: 'n8n',
					total_value: 19,
					currency: 'EUR',
					products: [
						{ product_id: 'sku-1', product_name: 'Socks', variant_id: 'sku-1', quantity: 2, price: 4.5 },
						{ product_id: 'sku-2', product_name: 'sku-2', variant_id: 'sku-2', quantity: 1, price: 10 },
					],
					metadata: { color: 'red' },
				},
			}),
		]);
		expect(sb.state.user('u1')!.custom_events.map((e) => e.name)).toEqual(['ecommerce.order_placed']);
	});

	it('Send Purchases As ecommerce.order_placed refuses a purchase without an Order ID, by name', async () => {
		const { output } = await run(sb, {
			continueOnFail: true,
			items: [{ json: {} }],
			parameters: parameters({ purchase: { productId: 'sku-1', currency: 'USD', price: 5, quantity: 1 }, trackOptions: { sendPurchasesAs: 'orderPlaced' } }),
		});
		expect(String(output[0].json.error)).toContain('properties.order_id');
		expect(sb.state.requests.list({ path: '/users/track' })).toHaveLength(0);
	});

	it('Purchase (Legacy) stays the default', async () => {
		await run(sb, { items: [{ json: {} }], parameters: parameters({ purchase: { productId: 'sku-1', currency: 'USD', price: 5, quantity: 1, orderId: 'ord_2' } }) });
		const [request] = sb.state.requests.list({ path: '/users/track' });
		expect((request.body as any).purchases).toEqual([expect.objectContaining({ product_id: 'sku-1', properties: { order_id: 'ord_2' } })]);
	});
});
