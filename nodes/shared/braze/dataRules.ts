import { z } from 'zod';

import { emailSchema, phoneSchema, quoted } from './identifiers';
import { IDENTIFIER_ATTRIBUTE_NAMES, RESERVED_PROPERTY_NAMES, normaliseEmail, normalisePhone } from '../values';

/** Braze's limit for custom attribute keys, string values, event names and property names. */
export const MAX_STRING_LENGTH = 255;


/** ISO 4217 codes in current use: Braze refuses purchases in anything else. */
const CURRENCIES = new Set(
	(
		'AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BRL BSD BTN BWP BYN BZD ' +
		'CAD CDF CHF CLP CNY COP CRC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD ' +
		'GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW KWD KYD KZT ' +
		'LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MYR MZN NAD NGN NIO NOK NPR ' +
		'NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP ' +
		'STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS UAH UGX USD UYU UZS VES VND VUV WST XAF XCD XOF ' +
		'XPF YER ZAR ZMW ZWL'
	).split(' '),
);

export const currencySchema = z
	.string()
	.transform((value) => value.trim().toUpperCase())
	.refine((value) => CURRENCIES.has(value), {
		message: 'must be an ISO 4217 currency code, e.g. USD or EUR',
	});

/** ISO 8601 or one of the other formats Braze accepts; what Date cannot parse, Braze cannot either. */
export const brazeTimeSchema = z
	.string({
		required_error: 'is required: give the time as an ISO 8601 string, e.g. 2026-01-31T12:00:00Z',
		invalid_type_error: 'must be an ISO 8601 string, e.g. 2026-01-31T12:00:00Z',
	})
	.refine((value) => value.trim() !== '' && !Number.isNaN(Date.parse(value)), (value) => ({
		message: `must be an ISO 8601 time, e.g. 2026-01-31T12:00:00Z (got ${quoted(value)})`,
	}));

export const boundedString = () =>
	z
		.string()
		.min(1, 'must not be empty')
		.max(MAX_STRING_LENGTH, `is longer than Braze's ${MAX_STRING_LENGTH} characters`);

/** Deeper than this, nesting is not walked (Braze caps nested objects at 100 KB anyway). */
const MAX_CHECKED_DEPTH = 32;

/** Checks string values at every depth: Braze refuses strings over 255 characters in nested values too. */
function checkStringValues(record: Record<string, unknown>, ctx: z.RefinementCtx) {
	const walk = (value: unknown, path: Array<string | number>, depth: number): void => {
		if (typeof value === 'string') {
			if (value.length > MAX_STRING_LENGTH) {
				ctx.addIssue({
					code: z.ZodIssueCode.custom,
					path,
					message: `is ${value.length} characters: Braze keeps at most ${MAX_STRING_LENGTH}`,
				});
			}
			return;
		}
		if (depth >= MAX_CHECKED_DEPTH || value === null || typeof value !== 'object') return;
		if (Array.isArray(value)) value.forEach((element, index) => walk(element, [...path, index], depth + 1));
		else for (const [key, nested] of Object.entries(value)) walk(nested, [...path, key], depth + 1);
	};
	for (const [key, value] of Object.entries(record)) walk(value, [key], 0);
}

/** Event and purchase properties: names non-empty, short, not reserved, not starting with "$". */
export const propertiesSchema = z.record(z.unknown()).superRefine((properties, ctx) => {
	for (const name of Object.keys(properties)) {
		let problem: string | undefined;
		if (name === '') problem = 'property names must not be empty';
		else if (name.length > MAX_STRING_LENGTH) problem = `is longer than ${MAX_STRING_LENGTH} characters`;
		else if (name.startsWith('$')) problem = 'must not start with "$": Braze refuses it';
		else if (RESERVED_PROPERTY_NAMES.includes(name))
			problem = `is reserved by Braze (${RESERVED_PROPERTY_NAMES.join(', ')}): rename the property`;
		if (problem) ctx.addIssue({ code: z.ZodIssueCode.custom, path: [name], message: problem });
	}
	checkStringValues(properties, ctx);
});

const SUBSCRIBE_STATES = ['opted_in', 'subscribed', 'unsubscribed'] as const;

const GENDERS: Record<string, string> = {
	m: 'M', male: 'M', man: 'M',
	f: 'F', female: 'F', woman: 'F',
	o: 'O', other: 'O', 'non-binary': 'O', nonbinary: 'O',
	n: 'N', 'not applicable': 'N',
	p: 'P', 'prefer not to say': 'P', 'prefer not to answer': 'P',
};

/**
 * The one normalisation of standard attribute values, for every node: what people and partners
 * send ("female", " Ann@Example.com", "+1 415 555 0123", a full ISO time as dob) in the form Braze
 * wants. What cannot be brought into form passes unchanged, for the rules below to refuse by name.
 */
export function standardAttributeValue(attribute: string, value: unknown): unknown {
	if (typeof value !== 'string') return value;
	switch (attribute) {
		case 'gender':
			return GENDERS[value.trim().toLowerCase()] ?? value;
		case 'dob': {
			const iso = /^\s*(\d{4}-\d{2}-\d{2})(T.*)?\s*$/.exec(value);
			return iso ? iso[1] : value;
		}
		case 'email':
			return normaliseEmail(value) ?? value;
		case 'phone':
			return normalisePhone(value) ?? value;
		case 'country':
			return value.trim().length === 2 ? value.trim().toUpperCase() : value;
		case 'email_subscribe':
		case 'push_subscribe':
			return value.trim().toLowerCase();
		default:
			return value;
	}
}

const oneOf = (values: readonly string[], example: string) =>
	z.string().refine((value) => values.includes(value), (value) => ({
		message: `must be one of ${values.join(', ')}, e.g. ${example} (got ${quoted(value)})`,
	}));

/** The standard attributes with a fixed form: checked here so Braze does not null them silently. */
const standardAttributeRules: Record<string, z.ZodTypeAny> = {
	email_subscribe: oneOf(SUBSCRIBE_STATES, 'opted_in').nullable(),
	push_subscribe: oneOf(SUBSCRIBE_STATES, 'opted_in').nullable(),
	gender: oneOf(['M', 'F', 'O', 'N', 'P'], 'F (or female, male, other, not applicable, prefer not to say)').nullable(),
	email: emailSchema.nullable(),
	phone: phoneSchema.nullable(),
	dob: z
		.string()
		.refine((value) => /^\d{4}-\d{2}-\d{2}$/.test(value), (value) => ({ message: `must be a date as YYYY-MM-DD, e.g. 1990-04-23 (got ${quoted(value)})` }))
		.nullable(),
	subscription_groups: z.array(
		z
			.object({
				subscription_group_id: z.string().min(1),
				subscription_state: z.enum(['subscribed', 'unsubscribed']),
			})
			.strict(),
	),
};

/** Sets an own property even for names like "__proto__", which plain assignment would not. */
function setOwn(target: Record<string, unknown>, key: string, value: unknown) {
	Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}


export const attributesSchema = z.record(z.unknown()).transform((attributes, ctx) => {
	const normalised: Record<string, unknown> = {};
	for (const [key, raw] of Object.entries(attributes)) {
		const value = standardAttributeValue(key, raw);
		setOwn(normalised, key, value);
		if (key.length > MAX_STRING_LENGTH) {
			ctx.addIssue({
				code: z.ZodIssueCode.custom,
				path: [key],
				message: `attribute names may have at most ${MAX_STRING_LENGTH} characters`,
			});
		}
		if (key.startsWith('_')) {
			ctx.addIssue({
				code: z.ZodIssueCode.custom,
				path: [key],
				message: 'names starting with "_" are Braze request flags: use the change options instead',
			});
		}
		if (IDENTIFIER_ATTRIBUTE_NAMES.includes(key)) {
			ctx.addIssue({
				code: z.ZodIssueCode.custom,
				path: [key],
				message: 'is an identifier: put it in the user, not among the attributes',
			});
		}
		// Own keys only: an attribute named like an Object.prototype member is just a custom attribute.
		const rule = Object.prototype.hasOwnProperty.call(standardAttributeRules, key) ? standardAttributeRules[key] : undefined;
		if (rule) {
			const result = rule.safeParse(value);
			if (!result.success) {
				for (const issue of result.error.issues) {
					ctx.addIssue({ ...issue, path: [key, ...issue.path] });
				}
			} else setOwn(normalised, key, result.data);
		}
	}
	checkStringValues(normalised, ctx);
	return normalised;
});

/** Standard attributes whose values are normalised or checked: the fast path leaves them to zod (email aside: it checks that one itself). */
const NORMALISED_ATTRIBUTES = new Set(['gender', 'dob', 'email', 'phone', 'country', 'email_subscribe', 'push_subscribe', ...Object.keys(standardAttributeRules)]);

/** An object literal or JSON object (or one without a prototype), not an array, a Date or a class. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
	if (typeof value !== 'object' || value === null) return false;
	const prototype = Object.getPrototypeOf(value) as unknown;
	return prototype === Object.prototype || prototype === null;
}

/** Whether every string at every depth checkStringValues walks fits Braze's limit. */
function stringsFit(value: unknown, depth: number): boolean {
	if (typeof value === 'string') return value.length <= MAX_STRING_LENGTH;
	if (depth >= MAX_CHECKED_DEPTH || value === null || typeof value !== 'object') return true;
	if (Array.isArray(value)) return value.every((element) => stringsFit(element, depth + 1));
	for (const key of Object.keys(value)) if (!stringsFit((value as Record<string, unknown>)[key], depth + 1)) return false;
	return true;
}

/**
 * attributesSchema's result for the common case, without zod: custom attributes whose names and
 * values break no rule above, and a valid email, copied as the schema copies them. Undefined for
 * anything else (another standard attribute, a name or value a rule refuses or changes), which zod
 * then parses with its messages. test/unit/property-fast-path.test.ts holds the two equal.
 */
export function fastAttributes(attributes: unknown): Record<string, unknown> | undefined {
	if (!isPlainObject(attributes)) return undefined;
	const copy: Record<string, unknown> = {};
	for (const key in attributes) {
		// An inherited enumerable key (a polluted prototype) is the schema's to judge.
		if (!Object.prototype.hasOwnProperty.call(attributes, key)) return undefined;
		const value = (attributes as Record<string, unknown>)[key];
		// Bulk syncs send an email with nearly every profile: normalised as the schema does, refused by it otherwise.
		if (key === 'email') {
			if (value === null) copy.email = null;
			else {
				const email = typeof value === 'string' ? normaliseEmail(value) : undefined;
				if (email === undefined || email.length > MAX_STRING_LENGTH) return undefined;
				copy.email = email;
			}
			continue;
		}
		if (key.length > MAX_STRING_LENGTH || key.startsWith('_') || key === '__proto__' || NORMALISED_ATTRIBUTES.has(key) || IDENTIFIER_ATTRIBUTE_NAMES.includes(key)) {
			return undefined;
		}
		if (value === undefined || !stringsFit(value, 1)) return undefined;
		copy[key] = value;
	}
	return copy;
}

/** The last time isBrazeTime accepted: a sync's events often share one time. */
let lastBrazeTime: string | undefined;

/** brazeTimeSchema's check, for the fast path. */
export function isBrazeTime(value: unknown): value is string {
	if (typeof value !== 'string') return false;
	if (value === lastBrazeTime) return true;
	if (value.trim() === '' || Number.isNaN(Date.parse(value))) return false;
	lastBrazeTime = value;
	return true;
}
