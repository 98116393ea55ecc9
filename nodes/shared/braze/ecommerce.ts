import { z } from 'zod';

import { currencySchema } from './dataRules';

/**
 * Braze's eCommerce recommended events: six fixed names, each with a strict property schema that Braze
 * checks at ingestion. An event that fails is dropped entirely (no profile, no Currents, no revenue) and
 * only named in the response's `errors`, so the package checks it before sending.
 *
 * Source: braze-inc/braze-docs `_docs/_user_guide/data/activation/events/recommended_events.md`, section
 * "Event schemas" and "Event validation and troubleshooting" (2026 revision, read in its `_lang/de` copy;
 * the older `recommended_events/ecommerce_events.md` lists the same required fields). Checked there:
 * required properties present, types, no extra top-level properties (custom ones go in `metadata`),
 * money fields >= 0, `currency` ISO 4217, and per product `product_id`, `product_name`, `variant_id`,
 * `quantity`, `price`.
 *
 * | event                       | required                                                   | optional |
 * |-----------------------------|------------------------------------------------------------|----------|
 * | ecommerce.product_viewed    | product_id, product_name, variant_id, price, currency, source | image_url, product_url, type (["price_drop","back_in_stock"]), metadata |
 * | ecommerce.cart_updated      | cart_id, currency, products, source; total_value unless action is add/remove | action (add/remove/replace), total_value, subtotal_value, tax, shipping, metadata |
 * | ecommerce.checkout_started  | checkout_id, total_value, currency, products, source       | cart_id, subtotal_value, tax, shipping, metadata |
 * | ecommerce.order_placed      | order_id, total_value, currency, products, source          | cart_id, subtotal_value, tax, shipping, total_discounts, discounts, metadata |
 * | ecommerce.order_cancelled   | order_id, total_value, currency, cancel_reason, products, source | subtotal_value, tax, shipping, total_discounts, discounts, metadata |
 * | ecommerce.order_refunded    | order_id, total_value, currency, products, source          | total_discounts, discounts, metadata |
 *
 * products[]: product_id, product_name, variant_id (strings), quantity (integer), price (float) required;
 * image_url, product_url (strings), metadata (object) optional. Strings are Braze's, numbers are JSON numbers.
 */

export const ECOMMERCE_EVENTS = [
	'ecommerce.product_viewed',
	'ecommerce.cart_updated',
	'ecommerce.checkout_started',
	'ecommerce.order_placed',
	'ecommerce.order_cancelled',
	'ecommerce.order_refunded',
] as const;

export type EcommerceEventName = (typeof ECOMMERCE_EVENTS)[number];

const text = z.string({ invalid_type_error: 'must be text' }).trim().min(1, 'must not be empty');
const url = z.string({ invalid_type_error: 'must be text, e.g. https://shop.example.com/p/1' });
const money = z
	.number({ invalid_type_error: 'must be a number, e.g. 29.99 (Braze refuses numbers sent as text)' })
	.finite()
	.min(0, 'must be 0 or more: Braze refuses negative amounts (send the absolute value)');
const metadata = z.record(z.unknown(), { invalid_type_error: 'must be an object of your own fields, e.g. {"brand": "Acme"}' });

const product = z.object({
	product_id: text,
	product_name: text,
	variant_id: text,
	quantity: z.number({ invalid_type_error: 'must be a whole number' }).int('must be a whole number'),
	price: money,
	image_url: url.optional(),
	product_url: url.optional(),
	metadata: metadata.optional(),
});

const products = z.array(product, { invalid_type_error: 'must be an array of product objects' }).min(1, 'must list at least one product');
const discounts = z.array(z.record(z.unknown()), { invalid_type_error: 'must be an array of objects, e.g. [{"code": "SPRING10", "amount": 10}]' });

const common = { currency: currencySchema, source: text, metadata: metadata.optional() };
const totals = { subtotal_value: money.optional(), tax: money.optional(), shipping: money.optional() };
const orderDiscounts = { total_discounts: money.optional(), discounts: discounts.optional() };

export const ECOMMERCE_SCHEMAS = {
	'ecommerce.product_viewed': z
		.object({
			product_id: text,
			product_name: text,
			variant_id: text,
			price: money,
			image_url: url.optional(),
			product_url: url.optional(),
			type: z.array(z.enum(['price_drop', 'back_in_stock'])).optional(),
			...common,
		})
		.strict(),
	'ecommerce.cart_updated': z
		.object({
			cart_id: text,
			action: z.enum(['add', 'remove', 'replace']).optional(),
			total_value: money.optional(),
			...totals,
			products,
			...common,
		})
		.strict()
		.superRefine((cart, ctx) => {
			// A full cart (no action or replace) must say what it is worth; add and remove send only the change.
			if (cart.total_value === undefined && cart.action !== 'add' && cart.action !== 'remove') {
				ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['total_value'], message: 'is required unless action is add or remove' });
			}
		}),
	'ecommerce.checkout_started': z
		.object({ checkout_id: text, cart_id: text.optional(), total_value: money, ...totals, products, ...common })
		.strict(),
	'ecommerce.order_placed': z
		.object({ order_id: text, cart_id: text.optional(), total_value: money, ...totals, ...orderDiscounts, products, ...common })
		.strict(),
	'ecommerce.order_cancelled': z
		.object({ order_id: text, total_value: money, ...totals, ...orderDiscounts, cancel_reason: text, products, ...common })
		.strict(),
	'ecommerce.order_refunded': z.object({ order_id: text, total_value: money, ...orderDiscounts, products, ...common }).strict(),
} satisfies Record<EcommerceEventName, z.ZodTypeAny>;

export function isEcommerceEvent(name: unknown): name is EcommerceEventName {
	return typeof name === 'string' && (ECOMMERCE_EVENTS as readonly string[]).includes(name);
}

/** Required properties of each event, for messages: what Braze needs before it keeps the event. */
export function requiredProperties(name: EcommerceEventName): string[] {
	const schema: z.ZodTypeAny = ECOMMERCE_SCHEMAS[name];
	const object = (schema instanceof z.ZodEffects ? schema.innerType() : schema) as z.AnyZodObject;
	return Object.entries(object.shape)
		.filter(([, schema]) => !(schema as z.ZodTypeAny).isOptional())
		.map(([key]) => key);
}

export interface EcommerceIssue {
	/** `name`, `properties` or `properties.<field>` (with product indexes: `properties.products.0.price`). */
	path: Array<string | number>;
	message: string;
}

/**
 * The check the `event` change runs on names starting with `ecommerce.`: the properties Braze would
 * refuse, by field, or the properties as Braze should get them (currency in capitals). Other names: ok.
 */
export function checkEcommerceEvent(
	name: string,
	properties: Record<string, unknown> | undefined,
): { ok: true; properties: Record<string, unknown> | undefined } | { ok: false; issues: EcommerceIssue[] } {
	if (!name.toLowerCase().startsWith('ecommerce.')) return { ok: true, properties };
	if (!isEcommerceEvent(name)) {
		// Braze would record it as a plain custom event: no revenue, no cart, no error. Almost always a typo.
		const message = `is not one of Braze's eCommerce events (${ECOMMERCE_EVENTS.join(', ')}); Braze would keep it as a plain custom event without eCommerce processing: fix the spelling or drop the "ecommerce." prefix`;
		return { ok: false, issues: [{ path: ['name'], message }] };
	}
	if (properties === undefined) {
		return { ok: false, issues: [{ path: ['properties'], message: `is required: ${name} needs ${requiredProperties(name).join(', ')}` }] };
	}
	const result = ECOMMERCE_SCHEMAS[name].safeParse(properties);
	if (result.success) return { ok: true, properties: result.data as Record<string, unknown> };
	return {
		ok: false,
		issues: result.error.issues.map((issue) => ({ path: ['properties', ...issue.path], message: ecommerceMessage(issue, name) })),
	};
}

function ecommerceMessage(issue: z.ZodIssue, name: string): string {
	if (issue.code === z.ZodIssueCode.invalid_type && issue.received === 'undefined') return `is required by ${name}`;
	if (issue.code === z.ZodIssueCode.unrecognized_keys) {
		return `has fields ${name} does not define: ${issue.keys.join(', ')} (Braze drops the event; put your own fields in metadata)`;
	}
	if (issue.code === z.ZodIssueCode.invalid_enum_value) return `must be one of ${issue.options.join(', ')} (got ${JSON.stringify(issue.received)})`;
	return issue.message;
}

// ---- Purchases as ecommerce.order_placed ----

/** Purchase property names that are order_placed's own fields; every other one goes into its metadata. */
const ORDER_FIELDS = ['order_id', 'cart_id', 'source', 'subtotal_value', 'tax', 'shipping', 'total_discounts', 'discounts'];
const PRODUCT_FIELDS = ['product_name', 'variant_id', 'image_url', 'product_url'];

/** Where an order comes from when the purchase does not say: Braze requires `source`. */
export const DEFAULT_ORDER_SOURCE = 'n8n';

export interface PurchaseLike {
	productId: unknown;
	currency: unknown;
	price: unknown;
	quantity?: unknown;
	properties?: Record<string, unknown>;
}

/**
 * Legacy purchases (one product each) as the properties of one `ecommerce.order_placed` event. Braze puts
 * purchase events in maintenance mode and new customers cannot send them. `order_id` comes from the
 * purchases' properties (required: the conversion invents none); `product_name` and `variant_id` default to
 * the product ID, `source` to "n8n", `total_value` is the sum of price x quantity. The result still goes
 * through `checkEcommerceEvent` with the event change.
 */
export function purchasesAsOrderProperties(purchases: PurchaseLike[]): Record<string, unknown> {
	const order: Record<string, unknown> = {};
	const metadata: Record<string, unknown> = {};
	const items: Array<Record<string, unknown>> = [];
	let total = 0;
	for (const purchase of purchases) {
		const properties = purchase.properties ?? {};
		const quantity = purchase.quantity ?? 1;
		const item: Record<string, unknown> = {
			product_id: purchase.productId,
			product_name: properties.product_name ?? purchase.productId,
			variant_id: properties.variant_id ?? purchase.productId,
			quantity,
			price: purchase.price,
		};
		for (const [key, value] of Object.entries(properties)) {
			if (PRODUCT_FIELDS.includes(key)) item[key] = value;
			else if (ORDER_FIELDS.includes(key)) order[key] ??= value;
			else if (key === 'metadata' && value !== null && typeof value === 'object' && !Array.isArray(value)) Object.assign(metadata, value);
			else metadata[key] = value;
		}
		items.push(item);
		if (typeof purchase.price === 'number' && typeof quantity === 'number') total += purchase.price * quantity;
	}
	return {
		...order,
		source: order.source ?? DEFAULT_ORDER_SOURCE,
		// Summing floats leaves 29.970000000000002; no currency has more than 4 decimals.
		total_value: Math.round(total * 10_000) / 10_000,
		currency: purchases[0]?.currency,
		products: items,
		...(Object.keys(metadata).length ? { metadata } : {}),
	};
}

/**
 * Purchase changes of one item, grouped into `ecommerce.order_placed` event changes: purchases of the same
 * user, time and `order_id` become one order with several products, as Braze models an order.
 */
export function purchasesAsOrderEvents<T extends PurchaseLike & { user: unknown; time: unknown; appId?: unknown; updateExistingOnly?: unknown }>(
	purchases: T[],
): Array<Record<string, unknown>> {
	const groups = new Map<string, T[]>();
	purchases.forEach((purchase, index) => {
		const orderId = purchase.properties?.order_id;
		// Without an order_id each purchase stays alone, to be refused by name rather than merged by guess.
		const key = orderId === undefined ? `#${index}` : JSON.stringify([purchase.user, purchase.time, orderId, purchase.currency]);
		groups.set(key, [...(groups.get(key) ?? []), purchase]);
	});
	return [...groups.values()].map((group) => {
		const { user, time, appId, updateExistingOnly } = group[0];
		return {
			type: 'event',
			user,
			name: 'ecommerce.order_placed',
			time,
			properties: purchasesAsOrderProperties(group),
			...(appId !== undefined ? { appId } : {}),
			...(updateExistingOnly !== undefined ? { updateExistingOnly } : {}),
		};
	});
}
