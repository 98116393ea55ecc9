import { z } from 'zod';

import { attributesSchema, boundedString, brazeTimeSchema, currencySchema, fastAttributes, isBrazeTime, isPlainObject, MAX_STRING_LENGTH, propertiesSchema } from './dataRules';
import { checkEcommerceEvent } from './ecommerce';
import { emailSchema, phoneSchema, quoted, userAliasSchema, userIdentifierSchema } from './identifiers';

/**
 * The Braze change: the one unit every node of this package speaks.
 * Partner nodes emit changes, the Braze node applies them. Top-level keys may be Braze's wire names
 * (`product_id`) or the schema's (`productId`); values inside (attributes, users) are Braze's own.
 */

const prioritizationSchema = z
	.array(z.enum(['identified', 'unidentified', 'most_recently_updated', 'least_recently_updated']))
	.min(1)
	.refine((list) => !(list.includes('identified') && list.includes('unidentified')), {
		message: 'may hold "identified" or "unidentified", not both (Braze refuses it)',
	});

/** "9.99" from a sheet or a form is the number 9.99: read numeric text as a number, refuse other text. */
function numberFromText(value: unknown): unknown {
	if (typeof value !== 'string' || value.trim() === '') return value;
	const number = Number(value.trim());
	return Number.isFinite(number) ? number : value;
}

const attributes = z
	.object({
		type: z.literal('attributes'),
		user: userIdentifierSchema,
		attributes: attributesSchema,
		/** Braze's `_update_existing_only`: true never creates a user. */
		updateExistingOnly: z.boolean().optional(),
		/** Braze's `_merge_objects`: deep-merge nested objects instead of replacing them. */
		mergeObjects: z.boolean().optional(),
	})
	.strict();

const event = z
	.object({
		type: z.literal('event'),
		user: userIdentifierSchema,
		name: boundedString(),
		time: brazeTimeSchema,
		properties: propertiesSchema.optional(),
		appId: z.string().min(1).optional(),
		updateExistingOnly: z.boolean().optional(),
	})
	.strict()
	// Braze drops an eCommerce recommended event whose properties break its schema: refuse it here, by field.
	.transform((change, ctx) => {
		const checked = checkEcommerceEvent(change.name, change.properties);
		if (checked.ok) return checked.properties === change.properties ? change : { ...change, properties: checked.properties };
		for (const { path, message } of checked.issues) ctx.addIssue({ code: z.ZodIssueCode.custom, path, message });
		return z.NEVER;
	});

const purchase = z
	.object({
		type: z.literal('purchase'),
		user: userIdentifierSchema,
		productId: boundedString(),
		currency: currencySchema,
		price: z.preprocess(numberFromText, z.number({ invalid_type_error: 'must be a number, e.g. 9.99' }).finite()),
		quantity: z.preprocess(numberFromText, z.number().int('must be a whole number').min(1).max(100, 'Braze allows at most 100').optional()),
		time: brazeTimeSchema,
		properties: propertiesSchema.optional(),
		appId: z.string().min(1).optional(),
		updateExistingOnly: z.boolean().optional(),
	})
	.strict();

const subscription = z
	.object({
		type: z.literal('subscription'),
		user: userIdentifierSchema.refine((u) => u.braze_id === undefined && u.user_alias === undefined, {
			message: 'subscription groups take external_id, email or phone',
		}),
		groupId: z.string().trim().min(1, 'must not be empty'),
		state: z.enum(['subscribed', 'unsubscribed']),
		/** SMS double opt-in logic of /v2/subscription/status/set. */
		useDoubleOptIn: z.boolean().optional(),
	})
	.strict();

const emailAddress = emailSchema;

const emailStatus = z
	.object({
		type: z.literal('emailStatus'),
		email: emailAddress,
		state: z.enum(['subscribed', 'opted_in', 'unsubscribed']),
	})
	.strict();

const emailBlocklist = z.object({ type: z.literal('emailBlocklist'), email: emailAddress }).strict();

const aliasCreate = z
	.object({
		type: z.literal('aliasCreate'),
		alias: userAliasSchema,
		/** Without it Braze creates an alias-only user. */
		externalId: z.string().trim().min(1).optional(),
	})
	.strict();

const aliasUpdate = z
	.object({
		type: z.literal('aliasUpdate'),
		aliasLabel: z.string().min(1),
		oldAliasName: z.string().min(1),
		newAliasName: z.string().min(1),
	})
	.strict();

const identify = z
	.object({
		type: z.literal('identify'),
		externalId: z.string().trim().min(1),
		alias: userAliasSchema.optional(),
		email: emailAddress.optional(),
		phone: phoneSchema.optional(),
		prioritization: prioritizationSchema.optional(),
		/** Braze's request-wide merge_behavior: "merge" also moves the alias profile's data; "none" keeps only the identity. */
		mergeBehavior: z.enum(['none', 'merge']).optional(),
	})
	.strict()
	.refine((c) => [c.alias, c.email, c.phone].filter((v) => v !== undefined).length === 1, {
		message: 'identify needs exactly one of alias, email or phone',
		path: ['alias'],
	});

const deleteUser = z
	.object({
		type: z.literal('delete'),
		user: userIdentifierSchema,
		prioritization: prioritizationSchema.optional(),
	})
	.strict();

const exportUser = z
	.object({
		type: z.literal('export'),
		user: userIdentifierSchema,
		fields: z.array(z.string().min(1)).optional(),
	})
	.strict();

const mergeIdentifier = userIdentifierSchema.refine((u) => u.braze_id === undefined, {
	message: 'merges take external_id, user_alias, email or phone',
});

const merge = z
	.object({
		type: z.literal('merge'),
		toMerge: mergeIdentifier,
		toKeep: mergeIdentifier,
		/** Both sides, when the two below are not given (kept for changes written before they existed). */
		prioritization: prioritizationSchema.optional(),
		/** Which profile with the email or phone to merge: by default the unidentified one, as Braze's merge page shows. */
		toMergePrioritization: prioritizationSchema.optional(),
		/** Which profile with the email or phone to keep: by default the identified one. */
		toKeepPrioritization: prioritizationSchema.optional(),
	})
	.strict();

const renameExternalId = z
	.object({
		type: z.literal('renameExternalId'),
		currentExternalId: z.string().trim().min(1),
		newExternalId: z.string().trim().min(1),
	})
	.strict()
	.refine((c) => c.currentExternalId !== c.newExternalId, {
		message: 'must differ from currentExternalId',
		path: ['newExternalId'],
	});

const removeExternalId = z
	.object({ type: z.literal('removeExternalId'), externalId: z.string().trim().min(1) })
	.strict();

const cohortMember = z.union([
	z.object({ external_id: z.string().min(1) }).strict(),
	z.object({ device_id: z.string().min(1) }).strict(),
	z.object({ user_alias: userAliasSchema }).strict(),
]);

const cohortMembership = z
	.object({
		type: z.literal('cohortMembership'),
		cohortId: z.string().trim().min(1),
		member: cohortMember,
		action: z.enum(['add', 'remove']),
	})
	.strict();

const cohortUpsert = z
	.object({
		type: z.literal('cohortUpsert'),
		cohortId: z.string().trim().min(1, 'must not be empty'),
		name: z.string().trim().min(1, 'must not be empty'),
		/** When the cohort was first created, ISO 8601; Braze needs it on every create or rename. */
		createdAt: brazeTimeSchema,
	})
	.strict();

/** Who a trigger send goes to: Braze takes external_user_id, user_alias or email there. */
const sendRecipient = userIdentifierSchema.refine((u) => u.braze_id === undefined && u.phone === undefined, {
	message: 'trigger sends take external_id, user_alias or email',
});

const propertiesObject = z.record(z.unknown(), { invalid_type_error: 'must be a JSON object, e.g. {"order_id": "A-1"}' });

/** Per-recipient fields shared by the campaign and Canvas trigger sends. */
const triggerRecipientFields = {
	recipient: sendRecipient,
	/** How Braze picks among several profiles with the recipient's email. */
	prioritization: prioritizationSchema.optional(),
	/** Profile attributes Braze applies just before sending. */
	attributes: attributesSchema.optional(),
	/** Braze's send_to_existing_only (default true): false creates the user, and needs attributes. */
	sendToExistingOnly: z.boolean().optional(),
};

type TriggerRecipient = {
	recipient: { user_alias?: unknown };
	attributes?: unknown;
	sendToExistingOnly?: boolean;
};

function checkTriggerRecipient(change: TriggerRecipient, ctx: z.RefinementCtx) {
	if (change.sendToExistingOnly !== false) return;
	if (change.recipient.user_alias !== undefined) {
		ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['sendToExistingOnly'], message: 'cannot be false for a user_alias recipient' });
	}
	if (change.attributes === undefined) {
		ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['attributes'], message: 'are required when send_to_existing_only is false' });
	}
}

const campaignSend = z
	.object({
		type: z.literal('campaignSend'),
		campaignId: z.string().trim().min(1, 'must not be empty'),
		...triggerRecipientFields,
		/** Braze's per-recipient trigger_properties, for Liquid in the message. */
		triggerProperties: propertiesObject.optional(),
		/** Braze's send_id, for send-level analytics; recipients share a request only with the same one. */
		sendId: z.string().trim().min(1).max(64).optional(),
	})
	.strict()
	.superRefine(checkTriggerRecipient);

const canvasSend = z
	.object({
		type: z.literal('canvasSend'),
		canvasId: z.string().trim().min(1, 'must not be empty'),
		...triggerRecipientFields,
		/** Canvas context (entry properties) for this recipient. */
		context: propertiesObject.optional(),
	})
	.strict()
	.superRefine(checkTriggerRecipient)
	.refine((c) => c.context === undefined || JSON.stringify(c.context).length <= 50 * 1024, {
		message: 'is larger than the 50 KB Braze allows',
		path: ['context'],
	});

const transactionalSend = z
	.object({
		type: z.literal('transactionalSend'),
		campaignId: z.string().trim().min(1, 'must not be empty'),
		recipient: userIdentifierSchema.refine((u) => u.external_id !== undefined || u.user_alias !== undefined, {
			message: 'transactional sends take external_id or user_alias',
		}),
		/** Braze's deduplication key: the same one within 24 hours sends nothing again. */
		externalSendId: z
			.string()
			.refine((value) => /^[a-zA-Z0-9\-_+/=]+$/.test(value), (value) => ({
				message: `may hold only letters, digits and - _ + / = (got ${quoted(value)})`,
			}))
			.optional(),
		triggerProperties: propertiesObject.optional(),
		attributes: attributesSchema.optional(),
	})
	.strict();

// ---- Catalogs (issue 14): one item per change, batched by the catalog's endpoint ----

/** Braze's rule for catalog names and item IDs: letters, digits, hyphens and underscores. */
const catalogToken = (what: string, max: number) =>
	z
		.string({ invalid_type_error: `must be a string, e.g. ${what}` })
		.min(1, 'must not be empty')
		.max(max, `is longer than the ${max} characters Braze allows`)
		.regex(/^[A-Za-z0-9_-]+$/, 'may hold only letters, digits, - and _');

const catalogName = catalogToken('restaurants', 250);
const catalogItemId = catalogToken('restaurant-1', 250);

/** What Braze refuses inside an item: `.` or `$` in keys (PATCH's `$add`/`$remove` aside), values over 5,000 characters, more than 50 levels. */
function catalogFieldProblem(value: unknown, allowOperators: boolean, depth = 0): string | undefined {
	if (depth > 50) return 'nest more than the 50 levels Braze allows';
	if (typeof value === 'string') return value.length > 5000 ? 'hold a value longer than the 5,000 characters Braze allows' : undefined;
	if (Array.isArray(value)) {
		for (const entry of value) {
			const problem = catalogFieldProblem(entry, false, depth + 1);
			if (problem) return problem;
		}
		return undefined;
	}
	if (value && typeof value === 'object') {
		for (const [key, entry] of Object.entries(value)) {
			const operator = allowOperators && depth === 1 && (key === '$add' || key === '$remove');
			if (!operator && (key.includes('.') || key.includes('$'))) return `have a key with "." or "$" (${JSON.stringify(key)})`;
			const problem = catalogFieldProblem(entry, allowOperators, depth + 1);
			if (problem) return problem;
		}
	}
	return undefined;
}

const catalogFields = (allowOperators: boolean) =>
	z
		.record(z.unknown(), { invalid_type_error: 'must be a JSON object of catalog fields, e.g. {"Name": "Restaurant 1"}' })
		.superRefine((fields, ctx) => {
			if ('id' in fields) ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'must not hold "id": the item ID is its own field' });
			const problem = catalogFieldProblem(fields, allowOperators);
			if (problem) ctx.addIssue({ code: z.ZodIssueCode.custom, message: `must not ${problem}` });
		});

const catalogItemWrite = <T extends string>(type: T, allowOperators: boolean) =>
	z.object({ type: z.literal(type), catalogName, itemId: catalogItemId, fields: catalogFields(allowOperators) }).strict();

/** POST /catalogs/{catalog_name}/items: new items (every field of the catalog). */
const catalogItemCreate = catalogItemWrite('catalogItemCreate', false);
/** PATCH: the fields given change, the others stay; arrays take `{"$add": [...], "$remove": [...]}`. */
const catalogItemUpdate = catalogItemWrite('catalogItemUpdate', true);
/** PUT: the item becomes exactly these fields (created when it does not exist). */
const catalogItemReplace = catalogItemWrite('catalogItemReplace', false);
const catalogItemDelete = z.object({ type: z.literal('catalogItemDelete'), catalogName, itemId: catalogItemId }).strict();

// ---- Messages sent and scheduled through the API (issue 14) ----

/** The `messages` object of /messages/send and /messages/schedule/*: one key per channel. */
const messagesObject = z
	.record(z.unknown(), { invalid_type_error: 'must be a JSON object with one key per channel, e.g. {"email": {...}}' })
	.refine((messages) => Object.keys(messages).length > 0, { message: 'must name at least one channel, e.g. {"email": {...}}' });

/** Braze's schedule object: when, in the user's local time or at their optimal time. */
const scheduleObject = z
	.object({ time: brazeTimeSchema, inLocalTime: z.boolean().optional(), atOptimalTime: z.boolean().optional() })
	.strict()
	.refine((s) => !(s.inLocalTime && s.atOptimalTime), { message: 'may use local time or optimal time, not both', path: ['atOptimalTime'] });

const externalIds = z.array(z.string().trim().min(1, 'must not hold an empty ID')).min(1).max(50, 'may hold at most the 50 users Braze takes in one request');
const scheduleId = z.string().trim().min(1, 'must not be empty');

const messageSend = z
	.object({
		type: z.literal('messageSend'),
		recipient: userIdentifierSchema.refine((u) => u.external_id !== undefined || u.user_alias !== undefined, {
			message: '/messages/send takes external_id or user_alias',
		}),
		messages: messagesObject,
		/** Braze's campaign_id and send_id, for analytics: recipients share a request only with the same ones. */
		campaignId: z.string().trim().min(1).optional(),
		sendId: z.string().trim().min(1).max(64).optional(),
	})
	.strict();

/** Whom a scheduled send goes to: listed users, or (confirmed by the user) the whole audience. */
const scheduleAudience = {
	recipients: externalIds.optional(),
	broadcast: z.literal(true).optional(),
};

function checkScheduleAudience(c: { recipients?: string[]; broadcast?: true; segmentId?: string }, ctx: z.RefinementCtx) {
	const targets = [c.recipients !== undefined, c.broadcast === true || c.segmentId !== undefined].filter(Boolean).length;
	if (targets !== 1) ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['recipients'], message: 'needs either recipients or a broadcast, not both' });
}

const messageScheduleCreate = z
	.object({
		type: z.literal('messageScheduleCreate'),
		recipients: externalIds.optional(),
		/** A broadcast to this segment. */
		segmentId: z.string().trim().min(1).optional(),
		messages: messagesObject,
		campaignId: z.string().trim().min(1).optional(),
		sendId: z.string().trim().min(1).max(64).optional(),
		schedule: scheduleObject,
	})
	.strict()
	.superRefine(checkScheduleAudience);

const messageScheduleUpdate = z
	.object({ type: z.literal('messageScheduleUpdate'), scheduleId, schedule: scheduleObject, messages: messagesObject.optional() })
	.strict();

const messageScheduleDelete = z.object({ type: z.literal('messageScheduleDelete'), scheduleId }).strict();

const campaignScheduleCreate = z
	.object({
		type: z.literal('campaignScheduleCreate'),
		campaignId: z.string().trim().min(1, 'must not be empty'),
		...scheduleAudience,
		triggerProperties: propertiesObject.optional(),
		sendId: z.string().trim().min(1).max(64).optional(),
		schedule: scheduleObject,
	})
	.strict()
	.superRefine(checkScheduleAudience);

const campaignScheduleUpdate = z
	.object({ type: z.literal('campaignScheduleUpdate'), campaignId: z.string().trim().min(1), scheduleId, schedule: scheduleObject })
	.strict();

const campaignScheduleDelete = z.object({ type: z.literal('campaignScheduleDelete'), campaignId: z.string().trim().min(1), scheduleId }).strict();

const canvasScheduleCreate = z
	.object({
		type: z.literal('canvasScheduleCreate'),
		canvasId: z.string().trim().min(1, 'must not be empty'),
		...scheduleAudience,
		/** Braze's canvas_entry_properties, for Liquid as {{canvas_entry_properties.${name}}}. */
		entryProperties: propertiesObject.optional(),
		schedule: scheduleObject,
	})
	.strict()
	.superRefine(checkScheduleAudience);

const canvasScheduleUpdate = z
	.object({ type: z.literal('canvasScheduleUpdate'), canvasId: z.string().trim().min(1), scheduleId, schedule: scheduleObject })
	.strict();

const canvasScheduleDelete = z.object({ type: z.literal('canvasScheduleDelete'), canvasId: z.string().trim().min(1), scheduleId }).strict();

// ---- Email and SMS lists (issue 14) ----

const emailBounceRemove = z.object({ type: z.literal('emailBounceRemove'), email: emailAddress }).strict();
const emailSpamRemove = z.object({ type: z.literal('emailSpamRemove'), email: emailAddress }).strict();
const smsInvalidRemove = z.object({ type: z.literal('smsInvalidRemove'), phone: phoneSchema }).strict();

/** Plain objects first so the discriminator works; refined ones are checked by type below. */
const byType = {
	attributes,
	event,
	purchase,
	subscription,
	emailStatus,
	emailBlocklist,
	aliasCreate,
	aliasUpdate,
	identify,
	delete: deleteUser,
	export: exportUser,
	merge,
	renameExternalId,
	removeExternalId,
	cohortMembership,
	cohortUpsert,
	campaignSend,
	canvasSend,
	transactionalSend,
	catalogItemCreate,
	catalogItemUpdate,
	catalogItemReplace,
	catalogItemDelete,
	messageSend,
	messageScheduleCreate,
	messageScheduleUpdate,
	messageScheduleDelete,
	campaignScheduleCreate,
	campaignScheduleUpdate,
	campaignScheduleDelete,
	canvasScheduleCreate,
	canvasScheduleUpdate,
	canvasScheduleDelete,
	emailBounceRemove,
	emailSpamRemove,
	smsInvalidRemove,
} as const;

export type BrazeChangeType = keyof typeof byType;
export const CHANGE_TYPES = Object.keys(byType) as BrazeChangeType[];

export type BrazeChange = {
	[K in BrazeChangeType]: z.infer<(typeof byType)[K]>;
}[BrazeChangeType];

export type ChangeOf<T extends BrazeChangeType> = Extract<BrazeChange, { type: T }>;

/** One refusal: the field (a dot path in Braze's wire names where they differ) and what is wrong with it. */
export interface ChangeIssue {
	field: string;
	message: string;
}

/** One change, validated; the error lists every field that breaks Braze's rules. */
export function parseChange(
	input: unknown,
): { ok: true; change: BrazeChange } | { ok: false; error: string; issues: ChangeIssue[] } {
	if (typeof input !== 'object' || input === null || Array.isArray(input)) {
		const message = 'a change must be an object with a "type"';
		return { ok: false, error: message, issues: [{ field: '', message }] };
	}
	const type = (input as { type?: unknown }).type;
	if (typeof type !== 'string' || !Object.prototype.hasOwnProperty.call(byType, type)) {
		const message = `${JSON.stringify(type)} is not a Braze change: use one of ${CHANGE_TYPES.join(', ')}`;
		return { ok: false, error: `type ${message}`, issues: [{ field: 'type', message }] };
	}
	const fast = fastChange(input as Record<string, unknown>);
	if (fast) return { ok: true, change: fast };
	return parseWithSchema(type as BrazeChangeType, input as Record<string, unknown>);
}

/** The schema's parse of a change whose type is known: the rules, and their messages. */
export function parseWithSchema(
	type: BrazeChangeType,
	input: Record<string, unknown>,
): { ok: true; change: BrazeChange } | { ok: false; error: string; issues: ChangeIssue[] } {
	const result = byType[type].safeParse(withSchemaNames(input));
	if (result.success) return { ok: true, change: result.data as BrazeChange };
	const issues = issuesOf(result.error);
	return { ok: false, error: issues.map(describeIssue).join('; '), issues };
}

const hasOwn = (object: object, key: string) => Object.prototype.hasOwnProperty.call(object, key);

/** A user by external_id alone, as userIdentifierSchema returns it, or undefined. */
function fastUser(user: unknown): { external_id: string } | undefined {
	if (!isPlainObject(user)) return undefined;
	// for...in reads the keys without building an array; an inherited key sends the change to the schema.
	let count = 0;
	for (const key in user) {
		if (key !== 'external_id' || !hasOwn(user, key) || ++count > 1) return undefined;
	}
	const id = (user as { external_id?: unknown }).external_id;
	if (count !== 1 || typeof id !== 'string' || id === '' || id.trim() !== id) return undefined;
	return { external_id: id };
}

function hasOnlyKeys(input: Record<string, unknown>, allowed: readonly string[]): boolean {
	for (const key in input) if (!allowed.includes(key) || !hasOwn(input, key)) return false;
	return true;
}

/**
 * The two shapes bulk syncs send (custom attributes, a plain event, for a user by external_id),
 * built without zod when no rule could refuse or change them: the same change the schema returns,
 * several times cheaper. Undefined for anything else, which the schema parses.
 * test/unit/property-fast-path.test.ts holds it equal to the schema's result.
 */
function fastChange(input: Record<string, unknown>): BrazeChange | undefined {
	if (!isPlainObject(input)) return undefined;
	if (input.type === 'attributes') {
		if (!hasOnlyKeys(input, ['type', 'user', 'attributes'])) return undefined;
		const user = fastUser(input.user);
		const attributes = user && fastAttributes(input.attributes);
		return attributes ? { type: 'attributes', user, attributes } : undefined;
	}
	if (input.type === 'event') {
		if (!hasOnlyKeys(input, ['type', 'user', 'name', 'time'])) return undefined;
		const { name, time } = input;
		// eCommerce events have their own rules: the schema checks them.
		if (typeof name !== 'string' || name === '' || name.length > MAX_STRING_LENGTH || name.toLowerCase().startsWith('ecommerce.')) return undefined;
		const user = fastUser(input.user);
		return user && isBrazeTime(time) ? { type: 'event', user, name, time } : undefined;
	}
	return undefined;
}

/** Schema keys that Braze spells otherwise on the wire: messages use Braze's names, as the docs do. */
const WIRE_NAMES: Record<string, string> = {
	productId: 'product_id',
	appId: 'app_id',
	updateExistingOnly: '_update_existing_only',
	mergeObjects: '_merge_objects',
	aliasLabel: 'alias_label',
	oldAliasName: 'old_alias_name',
	newAliasName: 'new_alias_name',
	externalId: 'external_id',
	groupId: 'subscription_group_id',
	campaignId: 'campaign_id',
	canvasId: 'canvas_id',
	cohortId: 'cohort_id',
	externalSendId: 'external_send_id',
	triggerProperties: 'trigger_properties',
	sendToExistingOnly: 'send_to_existing_only',
	currentExternalId: 'current_external_id',
	newExternalId: 'new_external_id',
	createdAt: 'created_at',
	mergeBehavior: 'merge_behavior',
};

const SCHEMA_NAMES: Record<string, string> = Object.fromEntries(Object.entries(WIRE_NAMES).map(([schema, wire]) => [wire, schema]));

/**
 * A change may be written with Braze's wire names (`product_id`, as Braze's docs and a Code node
 * author would) or the schema's (`productId`): top-level keys are read either way.
 */
function withSchemaNames(input: Record<string, unknown>): Record<string, unknown> {
	let renamed: Record<string, unknown> | undefined;
	for (const key of Object.keys(input)) {
		const schemaName = SCHEMA_NAMES[key];
		if (schemaName === undefined || schemaName in input) continue;
		renamed ??= { ...input };
		renamed[schemaName] = renamed[key];
		delete renamed[key];
	}
	return renamed ?? input;
}

/** zod's words for the common cases, in the package's voice: what is wrong and what would be right. */
function messageOf(issue: z.ZodIssue): string {
	if (issue.code === z.ZodIssueCode.invalid_type) {
		if (issue.received === 'undefined') return 'is required';
		// A message the schema chose (e.g. "must be a number, e.g. 9.99") says more than zod's.
		return issue.message.startsWith('Expected ') ? `must be a ${issue.expected}, not a ${issue.received}` : `${issue.message} (got a ${issue.received})`;
	}
	if (issue.code === z.ZodIssueCode.too_small && issue.type === 'string' && issue.minimum === 1) return 'must not be empty';
	if (issue.code === z.ZodIssueCode.unrecognized_keys) return `has fields Braze does not take here: ${issue.keys.join(', ')}`;
	if (issue.code === z.ZodIssueCode.invalid_enum_value) {
		return `must be one of ${issue.options.join(', ')} (got ${JSON.stringify(issue.received)})`;
	}
	return issue.message;
}

function issuesOf(error: z.ZodError): ChangeIssue[] {
	return error.issues.map((issue) => ({
		field: issue.path.map((part) => (typeof part === 'string' ? (WIRE_NAMES[part] ?? part) : String(part))).join('.'),
		message: messageOf(issue),
	}));
}

function describeIssue({ field, message }: ChangeIssue): string {
	return field ? `${field} ${message}` : message;
}

export function formatIssues(error: z.ZodError): string {
	return issuesOf(error).map(describeIssue).join('; ');
}
