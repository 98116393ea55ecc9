import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { dryRunOption } from '../../shared/braze/delta/parameters';
import type { UserIdentifier } from '../../shared/braze/identifiers';
import type { TransportSettings } from '../../shared/braze/transport';

/**
 * Fields and parameter readers used by more than one operation. Fields here carry only their own
 * conditions (e.g. identifyBy); each operation adds resource and operation with updateDisplayOptions.
 */

type DisplayCondition = NonNullable<NonNullable<INodeProperties['displayOptions']>['show']>;

// ---- Users ----

/**
 * n8n's displayParameter stops at the first show condition whose value is an expression and shows
 * the field. Resource and operation (never expressions) go first, so a field shows only for its own
 * operation, and a condition that waits for an expression goes last.
 */
export function resourceFirst(properties: INodeProperties[]): INodeProperties[] {
	const rank = (key: string, values: unknown[]) =>
		key === 'resource' ? 0 : key === 'operation' ? 1 : values.some((v) => v === CHOSEN_BY_EXPRESSION) ? 3 : 2;
	return properties.map((property) => {
		const show = property.displayOptions?.show;
		if (!show) return property;
		const keys = Object.keys(show).sort((a, b) => rank(a, show[a] ?? []) - rank(b, show[b] ?? []));
		return { ...property, displayOptions: { ...property.displayOptions, show: Object.fromEntries(keys.map((key) => [key, show[key]])) } };
	});
}

/** A "By" parameter holding an expression: the kind is only known at run time. */
const CHOSEN_BY_EXPRESSION = { _cnd: { startsWith: '=' } } as const;

/**
 * The value fields of each identifier kind, under a "By" parameter. Only the chosen kind's fields
 * are required; when "By" is an expression (e.g. `={{ $json.kind }}`) no kind is chosen yet, so
 * every offered kind's fields show, none required (the change schema names an empty one at run time).
 * Kinds the operation does not offer get no fields at all.
 */
function kindValueFields(
	byName: string,
	kinds: string[],
	fieldsOf: Record<string, INodeProperties[]>,
	hideValues?: DisplayCondition,
): INodeProperties[] {
	const fields: INodeProperties[] = [];
	for (const kind of kinds) {
		for (const field of fieldsOf[kind] ?? []) {
			const others = kinds.filter((other) => other !== kind);
			fields.push({ ...field, required: true, displayOptions: { hide: { [byName]: [...others, CHOSEN_BY_EXPRESSION], ...hideValues } } });
			fields.push({ ...field, displayOptions: { show: { [byName]: [CHOSEN_BY_EXPRESSION] }, ...(hideValues ? { hide: hideValues } : {}) } });
		}
	}
	return fields;
}

/** One identifier kind's value fields, named `<prefix>ExternalId` etc. (no prefix: `externalId`), labelled `<label> External ID`. */
function identifierValueFields(prefix: string, label: string): Record<string, INodeProperties[]> {
	const name = (field: string) => (prefix ? `${prefix}${field}` : field.charAt(0).toLowerCase() + field.slice(1));
	const title = (field: string) => (label ? `${label} ${field}` : field);
	const text = (field: string, displayName: string, placeholder?: string): INodeProperties => ({
		displayName: title(displayName),
		name: name(field),
		type: 'string',
		default: '',
		...(placeholder ? { placeholder } : {}),
	});
	return {
		external_id: [text('ExternalId', 'External ID', 'e.g. user-123')],
		braze_id: [text('BrazeId', 'Braze ID')],
		user_alias: [text('AliasName', 'Alias Name', 'e.g. ann@example.com'), text('AliasLabel', 'Alias Label', 'e.g. email')],
		email: [text('Email', 'Email', 'e.g. ann@example.com')],
		phone: [text('Phone', 'Phone', 'e.g. +14155550123')],
	};
}

export const USER_IDENTIFIER_KINDS = ['external_id', 'braze_id', 'user_alias', 'email', 'phone'];
/** Subscription groups find users by external_id, email or phone. */
export const SUBSCRIPTION_USER_KINDS = ['external_id', 'email', 'phone'];

/** "Identify User By" and its value fields. */
export function userIdentifierFields(
	allowed = USER_IDENTIFIER_KINDS,
	/** When the value fields are not needed, e.g. Track's Map Automatically reads the value from the item. */
	hideValues?: DisplayCondition,
): INodeProperties[] {
	const options = [
		{ name: 'External ID', value: 'external_id', description: 'Your own user ID' },
		{ name: 'Braze ID', value: 'braze_id', description: 'The ID Braze gave the user' },
		{ name: 'User Alias', value: 'user_alias', description: 'An alias name and label, e.g. an email under label "email"' },
		{ name: 'Email', value: 'email' },
		{ name: 'Phone', value: 'phone', description: 'In E.164 format, e.g. +14155550123' },
	].filter((option) => allowed.includes(option.value));
	return [
		{
			displayName: 'Identify User By',
			name: 'identifyBy',
			type: 'options',
			options,
			default: 'external_id',
		},
		...kindValueFields('identifyBy', allowed, identifierValueFields('', ''), hideValues),
	];
}

/** The kind a "By" parameter holds, refused when the operation does not offer it (an expression can hold anything). */
function readKind(ctx: IExecuteFunctions, byName: string, label: string, allowed: string[], itemIndex: number): string {
	const by = String(ctx.getNodeParameter(byName, itemIndex) ?? '').trim();
	if (!allowed.includes(by)) {
		throw new NodeOperationError(ctx.getNode(), `${label} must be one of ${allowed.join(', ')} (got ${JSON.stringify(by)})`, { itemIndex });
	}
	return by;
}

/** The identifier the user filled in; validation (exactly one, formats) happens in the change schema. */
export function readUserIdentifier(ctx: IExecuteFunctions, itemIndex: number, allowed = USER_IDENTIFIER_KINDS): UserIdentifier {
	const by = readKind(ctx, 'identifyBy', 'Identify User By', allowed, itemIndex);
	const text = (name: string) => String(ctx.getNodeParameter(name, itemIndex, '') ?? '').trim();
	switch (by) {
		case 'braze_id':
			return { braze_id: text('brazeId') };
		case 'user_alias':
			return { user_alias: { alias_name: text('aliasName'), alias_label: text('aliasLabel') } };
		case 'email':
			return { email: text('email') };
		case 'phone':
			return { phone: text('phone') };
		default:
			return { external_id: text('externalId') };
	}
}

export const PREFIXED_IDENTIFIER_KINDS = ['external_id', 'user_alias', 'email', 'phone'];

/** "<Label> By" and its value fields under a prefix, for operations that name two users (e.g. Merge). */
export function prefixedIdentifierFields(prefix: string, label: string, allowed = PREFIXED_IDENTIFIER_KINDS): INodeProperties[] {
	const options = [
		{ name: 'External ID', value: 'external_id' },
		{ name: 'User Alias', value: 'user_alias' },
		{ name: 'Email', value: 'email' },
		{ name: 'Phone', value: 'phone' },
	].filter((option) => allowed.includes(option.value));
	return [
		{ displayName: `${label} By`, name: `${prefix}By`, type: 'options', options, default: 'external_id' },
		...kindValueFields(`${prefix}By`, allowed, identifierValueFields(prefix, label)),
	];
}

export function readPrefixedIdentifier(ctx: IExecuteFunctions, prefix: string, itemIndex: number, label = prefix, allowed = PREFIXED_IDENTIFIER_KINDS): UserIdentifier {
	const text = (name: string) => String(ctx.getNodeParameter(`${prefix}${name}`, itemIndex, '') ?? '').trim();
	switch (readKind(ctx, `${prefix}By`, `${label} By`, allowed, itemIndex)) {
		case 'user_alias':
			return { user_alias: { alias_name: text('AliasName'), alias_label: text('AliasLabel') } };
		case 'email':
			return { email: text('Email') };
		case 'phone':
			return { phone: text('Phone') };
		default:
			return { external_id: text('ExternalId') };
	}
}

/** The one email address an Email operation works on, read by the same name in all of them. */
export const emailAddressField: INodeProperties = {
	displayName: 'Email',
	name: 'emailAddress',
	type: 'string',
	placeholder: 'e.g. ann@example.com',
	default: '',
	required: true,
};

// ---- Values ----

/** One or more values from a field: an array (from an expression) or comma-separated text. */
export function readList(value: unknown): string[] {
	const parts = Array.isArray(value) ? value : String(value ?? '').split(',');
	return parts.map((part) => String(part ?? '').trim()).filter((part) => part !== '');
}

/** Parses a JSON parameter that n8n may hand over as text or as an already parsed object. */
export function readJsonParameter(ctx: IExecuteFunctions, name: string, itemIndex: number, fallback: unknown): unknown {
	const raw = ctx.getNodeParameter(name, itemIndex, fallback) as unknown;
	if (typeof raw !== 'string') return raw ?? fallback;
	if (raw.trim() === '') return fallback;
	try {
		return JSON.parse(raw) as IDataObject;
	} catch {
		throw new NodeOperationError(ctx.getNode(), `${name} is not valid JSON: check quotes and commas`, { itemIndex });
	}
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
	try {
		return { ok: true, value: JSON.parse(text) as unknown };
	} catch {
		return { ok: false };
	}
}

/** A JSON object from a json field (text or already parsed); empty means none. */
export function jsonObject(raw: unknown, label: string): IDataObject | undefined {
	let value = raw;
	if (typeof raw === 'string') {
		if (raw.trim() === '') return undefined;
		const parsed = parseJson(raw);
		if (!parsed.ok) throw new Error(`${label} is not valid JSON: check quotes and commas`);
		value = parsed.value;
	}
	if (value === null || value === undefined) return undefined;
	if (typeof value !== 'object' || Array.isArray(value)) throw new Error(`${label} must be a JSON object, e.g. {"order_id": "A-1"}`);
	return Object.keys(value).length ? (value as IDataObject) : undefined;
}

/** The JSON object a properties field holds; anything else fails the item with the field's name. */
export function readObject(ctx: IExecuteFunctions, name: string, label: string, i: number): IDataObject | undefined {
	return jsonObject(ctx.getNodeParameter(name, i, '{}'), label);
}

// ---- Campaigns, Canvases, segments ----

/** Braze API identifiers look like UUIDs; accept any token without spaces, Braze checks the rest. */
const ID_MODE_VALIDATION = [
	{ type: 'regex' as const, properties: { regex: '^\\S+$', errorMessage: 'An ID has no spaces, e.g. 8f1c2a10-0000-4000-8000-000000000001' } },
];

/** A "From List / By ID" picker backed by one of the list search methods. */
export function locatorProperty(options: {
	displayName: string;
	name: string;
	searchListMethod: 'searchCampaigns' | 'searchApiCampaigns' | 'searchCanvases' | 'searchSegments';
	thing: string;
	description?: string;
}): INodeProperties {
	return {
		displayName: options.displayName,
		name: options.name,
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description: options.description,
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: `Select a ${options.thing}...`,
				typeOptions: { searchListMethod: options.searchListMethod, searchable: true },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: 'e.g. 8f1c2a10-0000-4000-8000-000000000001',
				validation: ID_MODE_VALIDATION,
			},
		],
	};
}

/** The ID a resource locator holds, whether n8n hands over the value or the whole locator. */
export function readLocator(ctx: IExecuteFunctions, name: string, itemIndex: number): string {
	const raw = ctx.getNodeParameter(name, itemIndex, '', { extractValue: true }) as unknown;
	const value = raw && typeof raw === 'object' && 'value' in raw ? (raw as { value: unknown }).value : raw;
	return String(value ?? '').trim();
}

// ---- Lists ----

/** n8n's Return All / Limit pair for a Get Many operation. */
export function returnAllFields(): INodeProperties[] {
	return [
		{
			displayName: 'Return All',
			name: 'returnAll',
			type: 'boolean',
			default: false,
			description: 'Whether to return all results or only up to a given limit',
		},
		{
			displayName: 'Limit',
			name: 'limit',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 50,
			description: 'Max number of results to return',
			displayOptions: { show: { returnAll: [false] } },
		},
	];
}

/** How many rows the user wants: undefined means all of them. */
export function readLimit(ctx: IExecuteFunctions, itemIndex: number): number | undefined {
	if (ctx.getNodeParameter('returnAll', itemIndex, false) as boolean) return undefined;
	return Math.max(1, Number(ctx.getNodeParameter('limit', itemIndex, 50)));
}

/** An Options collection holding one Sort Direction choice (Braze's `sort_direction`). */
export function sortDirectionOptions(name: string, direction: 'asc' | 'desc'): INodeProperties {
	return {
		displayName: 'Options',
		name,
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			{
				displayName: 'Sort Direction',
				name: 'sortDirection',
				type: 'options',
				options: [
					{ name: 'Newest First', value: 'desc' },
					{ name: 'Oldest First', value: 'asc' },
				],
				default: direction,
			},
		],
	};
}

// ---- Cohorts ----

/** The partner's own cohort ID, named the same in both Cohort operations. */
export const cohortIdField: INodeProperties = {
	displayName: 'Cohort ID',
	name: 'cohortId',
	type: 'string',
	default: '',
	required: true,
	placeholder: 'e.g. weekly-active-buyers',
	description: 'Your own ID for the cohort, unique within the Braze workspace',
};

// ---- Sending ----

/** Shared by every operation that writes to Braze: how hard to push, how long to keep trying. */
export const sendingOptions: INodeProperties = {
	displayName: 'Sending Options',
	name: 'sendingOptions',
	type: 'collection',
	placeholder: 'Add option',
	default: {},
	options: [
		dryRunOption,
		{
			displayName: 'Concurrency',
			name: 'concurrency',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 128 },
			default: 64,
			description:
				"How many requests may be in flight at once. Runs pace themselves by Braze's rate-limit headers (3,000 /users/track requests per 3 seconds per workspace), so more in flight does not mean more 429s; raise it when Braze answers slowly.",
		},
		{
			displayName: 'Include Input Fields',
			name: 'includeInputFields',
			type: 'boolean',
			default: false,
			description: "Whether to copy the input item's fields onto the output item, e.g. to keep a row's ID beside Braze's answer",
		},
		{
			displayName: 'Max Tries',
			name: 'maxAttempts',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 10 },
			default: 5,
			description: 'Tries per request when Braze answers 5xx or the connection fails (rate limits are waited out separately)',
		},
		{
			displayName: 'Max Rate Limit Wait (Seconds)',
			name: 'maxRateLimitWaitSeconds',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 60,
			description: 'Longest pause while waiting for Braze\'s rate-limit window to reset',
		},
	],
	// Reads send nothing worth tuning: every operation that only reads is listed here.
	displayOptions: { hide: { operation: ['get', 'getUserGroups', 'getStatus', 'getUnsubscribes', 'getHardBounces', 'getMany'] } },
};

export function readSendingOptions(ctx: IExecuteFunctions): Partial<TransportSettings> {
	const options = ctx.getNodeParameter('sendingOptions', 0, {}) as {
		concurrency?: number;
		maxAttempts?: number;
		maxRateLimitWaitSeconds?: number;
	};
	return {
		...(options.concurrency ? { concurrency: options.concurrency } : {}),
		...(options.maxAttempts ? { maxAttempts: options.maxAttempts } : {}),
		...(options.maxRateLimitWaitSeconds ? { maxRateLimitWaitMs: options.maxRateLimitWaitSeconds * 1000 } : {}),
	};
}
