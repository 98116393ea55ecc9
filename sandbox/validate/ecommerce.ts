import { isRecord } from './common';
import { CURRENCIES } from './currencies';

// eCommerce recommended events, as Braze checks them at ingestion (braze-docs
// _docs/_user_guide/data/activation/events/recommended_events.md, "Event validation and troubleshooting"):
// exact name, required properties, types, no extra top-level property, money >= 0, ISO 4217 currency,
// and product_id, product_name, variant_id, quantity, price on every product. A failing event is dropped
// and named in `errors`; other names (even "ecommerce.OrderPlaced") are plain custom events.

type Kind = 'string' | 'money' | 'currency' | 'products' | 'array' | 'object' | 'action' | 'types';
type Spec = Record<string, [Kind, 'required' | 'optional']>;

const R = 'required' as const;
const O = 'optional' as const;
const TOTALS: Spec = { subtotal_value: ['money', O], tax: ['money', O], shipping: ['money', O] };
const DISCOUNTS: Spec = { total_discounts: ['money', O], discounts: ['array', O] };
const BASE: Spec = { currency: ['currency', R], source: ['string', R], metadata: ['object', O] };

const EVENTS: Record<string, Spec> = {
	'ecommerce.product_viewed': {
		product_id: ['string', R], product_name: ['string', R], variant_id: ['string', R], price: ['money', R],
		image_url: ['string', O], product_url: ['string', O], type: ['types', O], ...BASE,
	},
	// total_value is required unless action is add or remove: checked below.
	'ecommerce.cart_updated': { cart_id: ['string', R], action: ['action', O], total_value: ['money', O], ...TOTALS, products: ['products', R], ...BASE },
	'ecommerce.checkout_started': { checkout_id: ['string', R], cart_id: ['string', O], total_value: ['money', R], ...TOTALS, products: ['products', R], ...BASE },
	'ecommerce.order_placed': { order_id: ['string', R], cart_id: ['string', O], total_value: ['money', R], ...TOTALS, ...DISCOUNTS, products: ['products', R], ...BASE },
	'ecommerce.order_cancelled': { order_id: ['string', R], total_value: ['money', R], ...TOTALS, ...DISCOUNTS, cancel_reason: ['string', R], products: ['products', R], ...BASE },
	'ecommerce.order_refunded': { order_id: ['string', R], total_value: ['money', R], ...DISCOUNTS, products: ['products', R], ...BASE },
};

const PRODUCT: Spec = {
	product_id: ['string', R], product_name: ['string', R], variant_id: ['string', R], quantity: ['money', R], price: ['money', R],
	image_url: ['string', O], product_url: ['string', O], metadata: ['object', O],
};

/** The minor error Braze reports for an eCommerce event, or undefined (also for every other name). */
export function ecommerceEventError(name: string, properties: unknown): string | undefined {
	// Own keys only: an event named "valueOf" is a custom event, not Object.prototype's.
	if (!Object.prototype.hasOwnProperty.call(EVENTS, name)) return undefined;
	const spec = EVENTS[name];
	if (!isRecord(properties)) return `'properties' is required for ${name}`;
	const error = objectError(properties, spec, '');
	if (error) return error;
	if (name === 'ecommerce.cart_updated' && properties.total_value === undefined && properties.action !== 'add' && properties.action !== 'remove') {
		return "'total_value' is required unless 'action' is add or remove";
	}
	return undefined;
}

function objectError(obj: Record<string, unknown>, spec: Spec, prefix: string): string | undefined {
	for (const key of Object.keys(obj)) if (!Object.prototype.hasOwnProperty.call(spec, key)) return `'${prefix}${key}' is not a property of this event: put custom fields in 'metadata'`;
	for (const [key, [kind, need]] of Object.entries(spec)) {
		const value = obj[key];
		if (value === undefined || value === null) {
			if (need === 'required') return `'${prefix}${key}' is required`;
			continue;
		}
		const error = valueError(value, kind, `${prefix}${key}`);
		if (error) return error;
	}
	if (prefix && !Number.isInteger(obj.quantity)) return `'${prefix}quantity' must be an integer`;
	return undefined;
}

function valueError(value: unknown, kind: Kind, field: string): string | undefined {
	switch (kind) {
		case 'string':
			return typeof value === 'string' && value.length > 0 ? undefined : `'${field}' must be a non-empty string`;
		case 'money':
			if (typeof value !== 'number' || !Number.isFinite(value)) return `'${field}' must be a number`;
			return value < 0 ? `'${field}' must be greater than or equal to 0` : undefined;
		case 'currency':
			return typeof value === 'string' && CURRENCIES.has(value) ? undefined : `'${field}' must be an ISO 4217 currency`;
		case 'object':
			return isRecord(value) ? undefined : `'${field}' must be an object`;
		case 'array':
			return Array.isArray(value) ? undefined : `'${field}' must be an array`;
		case 'action':
			return value === 'add' || value === 'remove' || value === 'replace' ? undefined : `'${field}' must be one of add, remove, replace`;
		case 'types':
			return Array.isArray(value) && value.every((t) => t === 'price_drop' || t === 'back_in_stock') ? undefined : `'${field}' must be an array of price_drop, back_in_stock`;
		case 'products': {
			if (!Array.isArray(value) || value.length === 0) return `'${field}' must be a non-empty array`;
			for (const [index, item] of value.entries()) {
				if (!isRecord(item)) return `'${field}[${index}]' must be an object`;
				const error = objectError(item, PRODUCT, `${field}[${index}].`);
				if (error) return error;
			}
			return undefined;
		}
	}
}
