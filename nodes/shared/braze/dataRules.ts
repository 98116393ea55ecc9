import { z } from 'zod';

/** Braze's limit for custom attribute keys, string values, event names and property names. */
export const MAX_STRING_LENGTH = 255;

/** Property names Braze refuses on events and purchases. */
export const RESERVED_PROPERTY_NAMES = ['time', 'event_name'];

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
	.refine((value) => value.trim() !== '' && !Number.isNaN(Date.parse(value)), {
		message: 'must be an ISO 8601 time, e.g. 2026-01-31T12:00:00Z',
	});

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

/** The standard attributes with a fixed set of values: checked here so Braze does not null them silently. */
const standardAttributeRules: Record<string, z.ZodTypeAny> = {
	email_subscribe: z.enum(SUBSCRIBE_STATES).nullable(),
	push_subscribe: z.enum(SUBSCRIBE_STATES).nullable(),
	gender: z.enum(['M', 'F', 'O', 'N', 'P']).nullable(),
	email: z
		.string()
		.regex(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, 'must be an email address, e.g. ann@example.com')
		.nullable(),
	dob: z
		.string()
		.regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date as YYYY-MM-DD, e.g. 1990-04-23')
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

/** Keys that identify the user: they belong in `user`, never among the attributes. */
const IDENTITY_ATTRIBUTE_KEYS = ['external_id', 'braze_id', 'user_alias'];

export const attributesSchema = z.record(z.unknown()).superRefine((attributes, ctx) => {
	for (const [key, value] of Object.entries(attributes)) {
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
		if (IDENTITY_ATTRIBUTE_KEYS.includes(key)) {
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
			}
		}
	}
	checkStringValues(attributes, ctx);
});
