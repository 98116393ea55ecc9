import { isPlainObject } from '../state/custom-attributes';
import { isValidEmail } from '../state/keys';
import { isControlKey } from '../state/profile-ops';
import type { UserRef } from '../state/resolve';
import { isNonEmptyString, isRecord } from './common';
import { CURRENCIES } from './currencies';
import { ecommerceEventError } from './ecommerce';
import { propertiesError } from './properties';
import { parseBrazeTime } from './time';
import { trackIdentifier } from './track-identifier';

// Per-object checks for /users/track. An error text makes the object a minor error; it is skipped.

export type Checked<T> = { ok: true; ref: UserRef; value: T } | { ok: false; error: string };

const MAX_STRING = 255;
const CHANNEL_STATES = ['opted_in', 'subscribed', 'unsubscribed'];
const GROUP_STATES = ['subscribed', 'unsubscribed'];

export function checkAttributes(obj: unknown): Checked<Record<string, unknown>> {
	if (!isRecord(obj)) return { ok: false, error: 'attributes object must be a JSON object' };
	const id = trackIdentifier(obj);
	if ('error' in id) return { ok: false, error: id.error };
	for (const [key, value] of Object.entries(obj)) {
		if (isControlKey(key)) continue;
		const e = attributeError(key, value);
		if (e) return { ok: false, error: e };
	}
	return { ok: true, ref: id.ref, value: obj };
}

function attributeError(key: string, value: unknown): string | undefined {
	if (key.length > MAX_STRING) return 'attribute names must be 255 characters or fewer';
	if (typeof value === 'string' && value.length > MAX_STRING) return `'${key}' exceeds 255 characters`;
	if (Array.isArray(value) && value.some((v) => typeof v === 'string' && v.length > MAX_STRING)) return `'${key}' has a value over 255 characters`;
	if (value === null) return undefined;
	switch (key) {
		case 'email':
			return typeof value === 'string' && isValidEmail(value) ? undefined : "'email' is not a valid email address";
		case 'phone':
			return typeof value === 'string' ? undefined : "'phone' must be a string";
		case 'email_subscribe':
		case 'push_subscribe':
			return CHANNEL_STATES.includes(value as string) ? undefined : `'${key}' must be one of ${CHANNEL_STATES.join(', ')}`;
		case 'subscription_groups':
			return Array.isArray(value) && value.every((g) => isRecord(g) && isNonEmptyString(g.subscription_group_id) && GROUP_STATES.includes(g.subscription_state as string))
				? undefined
				: "'subscription_groups' must be an array of {subscription_group_id, subscription_state: subscribed|unsubscribed}";
	}
	if (isPlainObject(value)) {
		if ('inc' in value && typeof value.inc !== 'number') return `'${key}.inc' must be a number`;
		for (const op of ['add', 'remove', '$add', '$remove', '$update']) {
			if (op in value && !Array.isArray(value[op])) return `'${key}.${op}' must be an array`;
		}
		if (Array.isArray(value.add) && value.add.some((v) => typeof v === 'string' && v.length > MAX_STRING)) return `'${key}' has a value over 255 characters`;
	}
	return undefined;
}

export interface EventValue {
	name: string;
	timeMs: number;
	app_id?: string;
	properties?: Record<string, unknown>;
}

export function checkEvent(obj: unknown): Checked<EventValue> {
	if (!isRecord(obj)) return { ok: false, error: 'event object must be a JSON object' };
	const id = trackIdentifier(obj);
	if ('error' in id) return { ok: false, error: id.error };
	if (obj.name === undefined || obj.name === null) return { ok: false, error: "'name' is required" };
	if (!isNonEmptyString(obj.name)) return { ok: false, error: "'name' must be a non-empty string" };
	if (obj.name.length > MAX_STRING) return { ok: false, error: "'name' exceeds 255 characters" };
	const time = checkTime(obj.time);
	if (typeof time === 'string') return { ok: false, error: time };
	const props = propertiesError(obj.properties, 100 * 1024);
	if (props) return { ok: false, error: props };
	const ecommerce = ecommerceEventError(obj.name, obj.properties);
	if (ecommerce) return { ok: false, error: ecommerce };
	return {
		ok: true,
		ref: id.ref,
		value: { name: obj.name, timeMs: time, app_id: optionalString(obj.app_id), properties: obj.properties as Record<string, unknown> | undefined },
	};
}

export interface PurchaseValue {
	product_id: string;
	currency: string;
	price: number;
	quantity: number;
	timeMs: number;
	app_id?: string;
	properties?: Record<string, unknown>;
}

export function checkPurchase(obj: unknown): Checked<PurchaseValue> {
	if (!isRecord(obj)) return { ok: false, error: 'purchase object must be a JSON object' };
	const id = trackIdentifier(obj);
	if ('error' in id) return { ok: false, error: id.error };
	const fail = (error: string): Checked<PurchaseValue> => ({ ok: false, error });
	if (obj.product_id === undefined || obj.product_id === null) return fail("'product_id' is required");
	if (!isNonEmptyString(obj.product_id) || obj.product_id.length > MAX_STRING) return fail("'product_id' must be a string of 1 to 255 characters");
	if (obj.currency === undefined || obj.currency === null) return fail("'currency' is required");
	const currency = typeof obj.currency === 'string' ? obj.currency.toUpperCase() : '';
	if (!CURRENCIES.has(currency)) return fail("'currency' is not a valid ISO 4217 currency code");
	if (obj.price === undefined || obj.price === null) return fail("'price' is required");
	if (typeof obj.price !== 'number' || !Number.isFinite(obj.price)) return fail("'price' is not a number");
	const quantity = obj.quantity ?? 1;
	if (typeof quantity !== 'number' || !Number.isInteger(quantity) || quantity < 1 || quantity > 100) return fail("'quantity' must be an integer between 1 and 100");
	const time = checkTime(obj.time);
	if (typeof time === 'string') return fail(time);
	const props = propertiesError(obj.properties, 50 * 1024);
	if (props) return fail(props);
	return {
		ok: true,
		ref: id.ref,
		value: { product_id: obj.product_id, currency, price: obj.price, quantity, timeMs: time, app_id: optionalString(obj.app_id), properties: obj.properties as Record<string, unknown> | undefined },
	};
}

// Event and purchase `time`: "ISO 8601 or yyyy-MM-dd'T'HH:mm:ss:SSSZ" (event_object.md, purchase_object.md).
// The looser list of date forms on user_attributes_object.md is for attribute values only.
const EVENT_TIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}([.:]\d+)?)?(Z|[+-]\d{2}(:?\d{2})?)?)?$/;

function checkTime(v: unknown): number | string {
	if (v === undefined || v === null) return "'time' is required";
	if (typeof v !== 'string') return "'time' must be an ISO-8601 string";
	if (!EVENT_TIME.test(v)) return "'time' is not a valid time";
	const ms = parseBrazeTime(v);
	return ms === undefined ? "'time' is not a valid time" : ms;
}

function optionalString(v: unknown): string | undefined {
	return typeof v === 'string' ? v : undefined;
}
