/**
 * Small value readers and checks every node shares: one semantics for dot paths, emails,
 * phones, slugs, Braze's attribute names and JSON parameters. Pure: no n8n context.
 */

export function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// ---------- dot paths ----------

/** The keys of a path: `a.b[0].c`, `a.b.0.c` and a leading `$.` all give a, b, 0, c. */
export function pathKeys(path: string): string[] {
	const clean = path.trim().replace(/^\$\.?/, '');
	if (clean === '') return [];
	return clean.replace(/\[(\d+)\]/g, '.$1').split('.').filter((key) => key !== '');
}

function isPlainKey(path: string): boolean {
	return !path.includes('.') && !path.includes('[') && !path.includes('$') && path.trim() === path;
}

/**
 * Reads a value by path: `a.b`, `a[0]`, `a.0` and a leading `$.` all work; an empty path (or `$`)
 * is the source itself. A key holding a dot (e.g. `user.email` as one field) is found whole first.
 * Array entries are read by index only, so `list.length` is undefined, never a count.
 */
export function readPath(source: unknown, path: string): unknown {
	// Fast paths: most paths are one plain key, read without allocating (member lists are long).
	if (isRecord(source) && path in source) return source[path];
	if (path !== '' && isPlainKey(path)) return Array.isArray(source) && /^\d+$/.test(path) ? source[Number(path)] : undefined;
	const clean = path.trim().replace(/^\$\.?/, '');
	if (clean === '') return source;
	if (isRecord(source) && clean in source) return source[clean];
	let value: unknown = source;
	for (const key of pathKeys(clean)) {
		if (Array.isArray(value) && /^\d+$/.test(key)) value = value[Number(key)];
		else if (isRecord(value)) value = value[key];
		else return undefined;
	}
	return value;
}

// ---------- emails and phones ----------

/** The one email check: something, "@", a domain with a dot; no spaces, one "@". */
export const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export const EMAIL_EXAMPLE = 'ann@example.com';

/** Whether a text (trimmed) is an email address. */
export function isEmail(value: string): boolean {
	return EMAIL_PATTERN.test(value.trim());
}

/**
 * An email as Braze should store and match it: trimmed and lower-cased whole (Braze matches
 * addresses case-insensitively; two spellings would make two aliases). Undefined when not an email.
 */
export function normaliseEmail(value: string): string | undefined {
	const email = value.trim().toLowerCase();
	return EMAIL_PATTERN.test(email) ? email : undefined;
}

/** E.164: "+", then 1 to 15 digits, the first not 0. */
export const E164_PATTERN = /^\+[1-9]\d{0,14}$/;

export const E164_MESSAGE = 'must be a phone number in E.164 format ("+", country code and number, digits only), e.g. +15551234567';

/** Whether a text is an E.164 phone number as it is (no separators). */
export function isE164(value: string): boolean {
	return E164_PATTERN.test(value);
}

/** A phone without the spaces, dots, dashes and brackets people type; undefined when not E.164. */
export function normalisePhone(value: string): string | undefined {
	const phone = value.trim().replace(/[\s().-]/g, '');
	return isE164(phone) ? phone : undefined;
}

// ---------- names ----------

/**
 * A Braze-safe key: lower-case ASCII letters, digits and "_" (accents dropped, other runs become
 * one "_", none at the ends), e.g. "Power Users (EU)" -> "power_users_eu". `maxLength` cuts it.
 */
export function slugify(text: string, maxLength = Number.POSITIVE_INFINITY): string {
	const slug = text
		.normalize('NFKD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '_')
		.replace(/^_+|_+$/g, '');
	return slug.length > maxLength ? slug.slice(0, maxLength).replace(/_+$/, '') : slug;
}

/** Event and purchase property names Braze refuses. */
export const RESERVED_PROPERTY_NAMES: readonly string[] = ['time', 'event_name'];

/** Keys that identify a Braze user: they go in the user object, never among the attributes. */
export const IDENTIFIER_ATTRIBUTE_NAMES: readonly string[] = ['external_id', 'braze_id', 'user_alias'];

/** Whether a name cannot be a custom attribute: an identifier, a `_` request flag or `$`-prefixed. */
export function isReservedAttributeName(name: string): boolean {
	return IDENTIFIER_ATTRIBUTE_NAMES.includes(name) || name.startsWith('_') || name.startsWith('$');
}

export interface StandardAttribute {
	/** Display name, Title Case. */
	name: string;
	/** Braze's field name. */
	value: string;
	description?: string;
}

/** Braze's standard user profile attributes a mapping can write, by display name. */
export const STANDARD_ATTRIBUTES: readonly StandardAttribute[] = [
	{ name: 'Country', value: 'country', description: 'ISO 3166-1 alpha-2, e.g. GB' },
	{ name: 'Date of Birth', value: 'dob', description: 'YYYY-MM-DD, e.g. 1990-04-23' },
	{ name: 'Email', value: 'email' },
	{ name: 'Email Subscribe', value: 'email_subscribe', description: 'One of opted_in, subscribed or unsubscribed' },
	{ name: 'First Name', value: 'first_name' },
	{ name: 'Gender', value: 'gender', description: 'M, F, O, N or P' },
	{ name: 'Home City', value: 'home_city' },
	{ name: 'Language', value: 'language', description: 'ISO 639-1, e.g. en' },
	{ name: 'Last Name', value: 'last_name' },
	{ name: 'Phone', value: 'phone' },
	{ name: 'Push Subscribe', value: 'push_subscribe', description: 'One of opted_in, subscribed or unsubscribed' },
	{ name: 'Time Zone', value: 'time_zone', description: 'IANA name, e.g. Europe/London' },
];

export const STANDARD_ATTRIBUTE_NAMES: readonly string[] = STANDARD_ATTRIBUTES.map((attribute) => attribute.value);

// ---------- JSON parameters ----------

const NOT_JSON = Symbol('not JSON');

function parseJson(text: string): unknown {
	try {
		return JSON.parse(text) as unknown;
	} catch {
		return NOT_JSON;
	}
}

/**
 * A JSON parameter n8n hands over as text or already parsed; empty text or null is undefined.
 * `object: true` also insists on a JSON object. Errors name the parameter and the item, e.g.
 * "[item 2] Trigger Properties is not valid JSON: check quotes and commas".
 */
export function parseJsonParameter(
	raw: unknown,
	label: string,
	itemIndex: number,
	options: { object?: boolean } = {},
): unknown {
	let value = raw;
	if (typeof raw === 'string') {
		if (raw.trim() === '') return undefined;
		value = parseJson(raw);
		if (value === NOT_JSON) throw new Error(`[item ${itemIndex}] ${label} is not valid JSON: check quotes and commas`);
	}
	if (value === null || value === undefined) return undefined;
	if (options.object && !isRecord(value)) {
		throw new Error(`[item ${itemIndex}] ${label} must be a JSON object, e.g. {"key": "value"}`);
	}
	return value;
}
