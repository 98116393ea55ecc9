import { parseChange } from '../../nodes/shared/braze/changes';
import {
	ECOMMERCE_EVENTS,
	checkEcommerceEvent,
	purchasesAsOrderEvents,
	purchasesAsOrderProperties,
	requiredProperties,
} from '../../nodes/shared/braze/ecommerce';

const user = { external_id: 'u1' };
const time = '2026-04-28T14:35:42Z';
const product = { product_id: 'SKU-RUN-4821', product_name: 'Ultraboost Running Shoe', variant_id: 'UB-BLK-11', quantity: 1, price: 189.99 };

/** The REST examples of braze-docs' recommended events page, one per event. */
const EXAMPLES: Record<string, Record<string, unknown>> = {
	'ecommerce.product_viewed': {
		product_id: 'SKU-RUN-4821', product_name: 'Ultraboost Running Shoe', variant_id: 'UB-BLK-11', price: 189.99, currency: 'USD',
		source: 'web', type: ['price_drop', 'back_in_stock'], metadata: { brand: 'Shoe Brand' },
	},
	'ecommerce.cart_updated': { cart_id: 'cart_abc123', action: 'add', currency: 'USD', source: 'web', products: [product] },
	'ecommerce.checkout_started': { checkout_id: 'chk_88291', cart_id: 'cart_abc123', total_value: 234.96, tax: 9, currency: 'USD', products: [product], source: 'web' },
	'ecommerce.order_placed': {
		order_id: 'ord_77821', total_value: 224.96, currency: 'USD', total_discounts: 10, discounts: [{ code: 'SPRING10', amount: 10 }],
		products: [product], source: 'web', metadata: { order_status_url: 'https://www.example.com/orders/ord_77821/status' },
	},
	'ecommerce.order_cancelled': { order_id: 'ord_77821', total_value: 224.96, currency: 'USD', cancel_reason: 'customer_request', products: [product], source: 'web' },
	'ecommerce.order_refunded': { order_id: 'ord_77821', total_value: 29.98, currency: 'USD', products: [product], source: 'web' },
};

function without(record: Record<string, unknown>, key: string): Record<string, unknown> {
	const copy = { ...record };
	delete copy[key];
	return copy;
}

function issuesOf(name: string, properties?: Record<string, unknown>) {
	const result = parseChange({ type: 'event', user, name, time, ...(properties ? { properties } : {}) });
	if (result.ok) throw new Error(`expected ${name} ${JSON.stringify(properties)} to be refused`);
	return result.issues;
}

describe('eCommerce recommended events', () => {
	it.each(ECOMMERCE_EVENTS.map((name) => [name]))('accepts braze-docs’ example of %s as an event change', (name) => {
		const result = parseChange({ type: 'event', user, name, time, properties: EXAMPLES[name] });
		expect(result).toMatchObject({ ok: true, change: { name, properties: EXAMPLES[name] } });
	});

	it.each(ECOMMERCE_EVENTS.map((name) => [name]))('names each missing required property of %s as properties.<field>', (name) => {
		for (const field of requiredProperties(name)) {
			const issues = issuesOf(name, without(EXAMPLES[name], field));
			expect(issues).toEqual([{ field: `properties.${field}`, message: `is required by ${name}` }]);
		}
	});

	it('knows the required properties Braze lists', () => {
		expect(requiredProperties('ecommerce.order_placed').sort()).toEqual(['currency', 'order_id', 'products', 'source', 'total_value']);
		expect(requiredProperties('ecommerce.order_cancelled')).toContain('cancel_reason');
		expect(requiredProperties('ecommerce.product_viewed').sort()).toEqual(['currency', 'price', 'product_id', 'product_name', 'source', 'variant_id']);
	});

	it('refuses an eCommerce event without properties, saying what it needs', () => {
		const [issue] = issuesOf('ecommerce.order_placed');
		expect(issue.field).toBe('properties');
		expect(issue.message).toContain('order_id, total_value');
	});

	it('checks each product of products[] by index', () => {
		const issues = issuesOf('ecommerce.order_placed', { ...EXAMPLES['ecommerce.order_placed'], products: [product, { ...without(product, 'price'), quantity: 1.5 }] });
		expect(issues.map((issue) => issue.field).sort()).toEqual(['properties.products.1.price', 'properties.products.1.quantity']);
	});

	it('refuses what Braze refuses: text numbers, negative money, unknown currency, extra top-level fields, empty products', () => {
		const base = EXAMPLES['ecommerce.order_refunded'];
		expect(issuesOf('ecommerce.order_refunded', { ...base, total_value: '29.98' })[0]).toMatchObject({ field: 'properties.total_value' });
		expect(issuesOf('ecommerce.order_refunded', { ...base, total_value: -29.98 })[0].message).toContain('0 or more');
		expect(issuesOf('ecommerce.order_refunded', { ...base, currency: 'XYZ' })[0]).toMatchObject({ field: 'properties.currency' });
		const extra = issuesOf('ecommerce.order_refunded', { ...base, gift_wrapped: true })[0];
		expect(extra.field).toBe('properties');
		expect(extra.message).toContain('gift_wrapped');
		expect(extra.message).toContain('metadata');
		expect(issuesOf('ecommerce.order_refunded', { ...base, products: [] })[0]).toMatchObject({ field: 'properties.products' });
	});

	it('needs total_value on a full cart but not on add or remove', () => {
		const full = without(EXAMPLES['ecommerce.cart_updated'], 'action');
		expect(issuesOf('ecommerce.cart_updated', full)).toEqual([{ field: 'properties.total_value', message: 'is required unless action is add or remove' }]);
		expect(issuesOf('ecommerce.cart_updated', { ...full, action: 'replace' })[0].field).toBe('properties.total_value');
		expect(parseChange({ type: 'event', user, name: 'ecommerce.cart_updated', time, properties: { ...full, action: 'remove' } }).ok).toBe(true);
		expect(issuesOf('ecommerce.cart_updated', { ...full, action: 'clear', total_value: 1 })[0].field).toBe('properties.action');
	});

	it('refuses a misspelt eCommerce name and leaves other events alone', () => {
		expect(issuesOf('ecommerce.OrderPlaced', EXAMPLES['ecommerce.order_placed'])[0]).toMatchObject({ field: 'name' });
		expect(issuesOf('eCommerce.order_placed', EXAMPLES['ecommerce.order_placed'])[0].message).toContain('ecommerce.order_placed');
		expect(parseChange({ type: 'event', user, name: 'order_placed', time, properties: { anything: 1 } }).ok).toBe(true);
		expect(checkEcommerceEvent('quiz_completed', undefined)).toEqual({ ok: true, properties: undefined });
		expect(parseChange({ type: 'event', user, name: 'valueOf', time, properties: { toString: 1 } }).ok).toBe(true);
		expect(issuesOf('ecommerce.order_refunded', { ...EXAMPLES['ecommerce.order_refunded'], toString: 'x' })[0].message).toContain('toString');
	});

	it('sends the currency in capitals', () => {
		const result = parseChange({ type: 'event', user, name: 'ecommerce.order_refunded', time, properties: { ...EXAMPLES['ecommerce.order_refunded'], currency: 'eur' } });
		expect(result.ok && result.change.type === 'event' && result.change.properties?.currency).toBe('EUR');
	});
});

describe('purchases as ecommerce.order_placed', () => {
	const purchase = (productId: string, price: number, quantity: number, properties?: Record<string, unknown>) => ({
		type: 'purchase' as const, user, productId, currency: 'USD', price, quantity, time, ...(properties ? { properties } : {}),
	});

	it('builds a valid order from one purchase with an order_id, other properties in metadata', () => {
		const properties = purchasesAsOrderProperties([purchase('sku-1', 9.99, 3, { order_id: 'o-1', color: 'red', product_name: 'Socks' })]);
		expect(properties).toEqual({
			order_id: 'o-1',
			source: 'n8n',
			total_value: 29.97,
			currency: 'USD',
			products: [{ product_id: 'sku-1', product_name: 'Socks', variant_id: 'sku-1', quantity: 3, price: 9.99 }],
			metadata: { color: 'red' },
		});
		expect(checkEcommerceEvent('ecommerce.order_placed', properties).ok).toBe(true);
	});

	it('groups purchases of one order into one event and keeps other orders apart', () => {
		const events = purchasesAsOrderEvents([
			purchase('a', 10, 1, { order_id: 'o-1' }),
			purchase('b', 5.5, 2, { order_id: 'o-1', source: 'pos' }),
			purchase('c', 1, 1, { order_id: 'o-2' }),
		]);
		expect(events).toHaveLength(2);
		expect(events[0]).toMatchObject({ type: 'event', name: 'ecommerce.order_placed', user, time, properties: { order_id: 'o-1', total_value: 21, source: 'pos' } });
		expect((events[0].properties as { products: unknown[] }).products).toHaveLength(2);
		for (const event of events) expect(parseChange(event).ok).toBe(true);
	});

	it('invents no order_id: a purchase without one is refused by name', () => {
		const [event] = purchasesAsOrderEvents([purchase('a', 10, 1)]);
		const result = parseChange(event);
		expect(result.ok).toBe(false);
		if (!result.ok) expect(result.issues).toEqual([{ field: 'properties.order_id', message: 'is required by ecommerce.order_placed' }]);
	});
});
