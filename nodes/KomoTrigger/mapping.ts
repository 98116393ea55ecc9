import type { BrazeChange } from '../shared/braze/changes';
import { parseChange } from '../shared/braze/changes';
import type { UserIdentifier } from '../shared/braze/identifiers';

/**
 * Komo body -> Braze changes. Pure: the same body, settings and clock give the same changes.
 * Komo publishes no payload schema, so every value is read from a configurable dot path.
 */

export type UserMapping = 'external_id' | 'braze_id' | 'alias_email' | 'alias_phone';
export type AnswersAs = 'none' | 'event' | 'attributes' | 'both';
/**
 * How an opt-in reaches Braze. `subscription`: a subscription change (/v2/subscription/status/set),
 * by external_id, email or phone. `attribute`: `subscription_groups` inside the attributes change,
 * so it lands on the very profile the same /users/track call updates or creates. `auto`: the
 * change for external IDs (ordered after the profile update: same user key), the attribute for
 * aliases and Braze IDs (a separate call by email could reach Braze before the alias-only user
 * exists and create a second, email-only profile).
 */
export type ConsentAs = 'auto' | 'subscription' | 'attribute';

export interface FieldMapping {
	/** Dot path in the Komo body, e.g. `form.first_name`. */
	komoField: string;
	/** Braze attribute name, standard (`first_name`) or custom (`favourite_team`). */
	brazeAttribute: string;
}

export interface KomoMappingSettings {
	userMapping: UserMapping;
	/** Where the identifier is read from, e.g. `contact.email`. */
	identityPath: string;
	/** Alias label for the alias modes, e.g. `email`. */
	aliasLabel: string;
	fields: FieldMapping[];
	answers: {
		as: AnswersAs;
		path: string;
		attributePrefix: string;
		eventName: string;
		eventPerAnswer: boolean;
	};
	consent?: {
		path: string;
		groupId: string;
		as: ConsentAs;
		unsubscribeOnDecline: boolean;
	};
	updateExistingOnly: boolean;
	triggerPath: string;
	occurredAtPath: string;
}

export interface KomoAnswer {
	/** Attribute / property key, e.g. `favourite_colour`. */
	key: string;
	question?: string;
	answer: AnswerValue;
	type?: string;
	correct?: boolean;
}

type AnswerValue = string | number | boolean | string[];

/** What the trigger puts under `komo` on its output item. */
export interface KomoData {
	trigger?: string;
	occurredAt: string;
	user: UserIdentifier;
	/** Mapped, non-empty attributes as sent (answers as attributes included). */
	attributes: Record<string, unknown>;
	answers: KomoAnswer[];
	consent?: boolean;
	card?: Record<string, unknown>;
	/** The body as received, for later nodes (e.g. a transactional email's trigger properties). */
	body: Record<string, unknown>;
}

export type MapResult =
	| { ok: true; komo: KomoData; brazeChanges: BrazeChange[] }
	| { ok: false; field: string; error: string };

export const DEFAULT_IDENTITY_PATHS: Record<UserMapping, string> = {
	external_id: 'contact.externalId',
	braze_id: 'contact.brazeId',
	alias_email: 'contact.email',
	alias_phone: 'contact.phone',
};

// ---------- reading the body ----------

/** `a.b.0.c`, `a.b[0].c` and a leading `$.` all work; a key holding a dot is found whole first. */
export function readPath(source: unknown, path: string): unknown {
	const clean = path.trim().replace(/^\$\.?/, '');
	if (clean === '') return source;
	if (isRecord(source) && clean in source) return source[clean];
	const keys = clean.replace(/\[(\d+)\]/g, '.$1').split('.').filter((key) => key !== '');
	let value: unknown = source;
	for (const key of keys) {
		if (Array.isArray(value) && /^\d+$/.test(key)) value = value[Number(key)];
		else if (isRecord(value)) value = value[key];
		else return undefined;
	}
	return value;
}

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Progressive profiles: these never reach Braze, so they never overwrite what it has. */
export function isEmptyValue(value: unknown): boolean {
	if (value === undefined || value === null) return true;
	if (typeof value === 'string') return value.trim() === '';
	if (typeof value === 'number') return !Number.isFinite(value);
	if (Array.isArray(value)) return value.every(isEmptyValue);
	if (isRecord(value)) return Object.values(value).every(isEmptyValue);
	return false;
}

/** Trims strings, drops empty entries of lists and objects; undefined when nothing is left. */
export function cleanValue(value: unknown): unknown {
	if (isEmptyValue(value)) return undefined;
	if (typeof value === 'string') return value.trim();
	if (Array.isArray(value)) return value.map(cleanValue).filter((v) => v !== undefined);
	if (isRecord(value)) {
		const out: Record<string, unknown> = {};
		for (const [key, v] of Object.entries(value)) {
			const cleaned = cleanValue(v);
			if (cleaned !== undefined) out[key] = cleaned;
		}
		return out;
	}
	return value;
}

// ---------- trigger filter ----------

export const ANY_TRIGGER = '*';

/** Whether a trigger name passes the filter (`*` = any; names compare case-insensitively). */
export function triggerAllowed(trigger: string | undefined, allowed: string[]): boolean {
	const names = allowed.map((name) => name.trim().toLowerCase()).filter(Boolean);
	if (names.length === 0 || names.includes(ANY_TRIGGER)) return true;
	return trigger !== undefined && names.includes(trigger.trim().toLowerCase());
}

// ---------- values ----------

const GENDERS: Record<string, string> = {
	m: 'M', male: 'M', man: 'M',
	f: 'F', female: 'F', woman: 'F',
	o: 'O', other: 'O', 'non-binary': 'O', nonbinary: 'O',
	n: 'N', 'not applicable': 'N',
	p: 'P', 'prefer not to say': 'P', 'prefer not to answer': 'P',
};

/** Brings a Komo value into the form a standard Braze attribute wants; others pass as they are. */
export function toAttributeValue(attribute: string, value: unknown): unknown {
	if (typeof value !== 'string') return value;
	switch (attribute) {
		case 'gender':
			return GENDERS[value.toLowerCase()] ?? value;
		case 'dob': {
			if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
			const iso = /^(\d{4}-\d{2}-\d{2})T/.exec(value);
			return iso ? iso[1] : value;
		}
		case 'email':
			return value.toLowerCase();
		case 'country':
			return value.length === 2 ? value.toUpperCase() : value;
		default:
			return value;
	}
}

const TRUE_WORDS = ['true', 'yes', 'y', '1', 'on', 'checked', 'agree', 'agreed', 'accepted', 'opted_in', 'opt_in', 'subscribed'];
const FALSE_WORDS = ['false', 'no', 'n', '0', 'off', 'unchecked', 'declined', 'opted_out', 'opt_out', 'unsubscribed'];

/** A consent checkbox as Komo may send it: true/false, "yes"/"no", 1/0, ...; undefined when absent. */
export function parseConsent(value: unknown): boolean | undefined | 'invalid' {
	if (isEmptyValue(value)) return undefined;
	if (typeof value === 'boolean') return value;
	if (typeof value === 'number') return value === 1 ? true : value === 0 ? false : 'invalid';
	if (typeof value === 'string') {
		const word = value.trim().toLowerCase().replace(/[\s-]+/g, '_');
		if (TRUE_WORDS.includes(word)) return true;
		if (FALSE_WORDS.includes(word)) return false;
	}
	return 'invalid';
}

/** A Braze-safe key: lower case letters, digits and `_`, at most 100 characters. */
export function slugify(text: string): string {
	return text
		.normalize('NFKD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '_')
		.replace(/^_+|_+$/g, '')
		.slice(0, 100)
		.replace(/_+$/, '');
}

function answerValue(value: unknown): AnswerValue | undefined {
	const cleaned = cleanValue(value);
	if (cleaned === undefined) return undefined;
	if (typeof cleaned === 'string' || typeof cleaned === 'number' || typeof cleaned === 'boolean') return cleaned;
	if (Array.isArray(cleaned)) {
		const list = cleaned.map((entry) => answerValue(entry)).filter((entry) => entry !== undefined).map(String);
		return list.length ? list : undefined;
	}
	if (isRecord(cleaned)) {
		// A chosen option as an object: take its visible text.
		for (const key of ['text', 'label', 'title', 'value', 'name']) {
			const inner = answerValue(cleaned[key]);
			if (inner !== undefined && !Array.isArray(inner)) return inner;
		}
	}
	return undefined;
}

const RESERVED_KEYS = ['time', 'event_name'];

/**
 * Market-research answers as a list: `[{id?, question, answer, type?}]` (our template) or a
 * plain `{question: answer}` object. Empty answers are dropped; keys are unique slugs.
 */
export function normaliseAnswers(raw: unknown): KomoAnswer[] {
	let entries: Array<{ id?: unknown; question?: unknown; answer: unknown; type?: unknown; correct?: unknown }> = [];
	if (Array.isArray(raw)) {
		entries = raw.filter(isRecord).map((entry) => ({
			id: entry.id ?? entry.questionId ?? entry.key,
			question: entry.question ?? entry.title ?? entry.label,
			answer: entry.answer ?? entry.answers ?? entry.value ?? entry.response,
			type: entry.type,
			correct: entry.correct ?? entry.isCorrect,
		}));
	} else if (isRecord(raw)) {
		entries = Object.entries(raw).map(([question, answer]) => ({ question, answer }));
	}
	const used = new Set<string>();
	const answers: KomoAnswer[] = [];
	entries.forEach((entry, index) => {
		const answer = answerValue(entry.answer);
		if (answer === undefined) return;
		const question = typeof entry.question === 'string' && entry.question.trim() ? entry.question.trim() : undefined;
		const source = typeof entry.id === 'string' || typeof entry.id === 'number' ? String(entry.id) : (question ?? '');
		let key = slugify(source) || `question_${index + 1}`;
		if (RESERVED_KEYS.includes(key)) key = `answer_${key}`;
		let unique = key;
		for (let n = 2; used.has(unique); n++) unique = `${key}_${n}`;
		used.add(unique);
		answers.push({
			key: unique,
			...(question ? { question } : {}),
			answer,
			...(typeof entry.type === 'string' && entry.type.trim() ? { type: entry.type.trim() } : {}),
			...(typeof entry.correct === 'boolean' ? { correct: entry.correct } : {}),
		});
	});
	return answers;
}

// ---------- identity ----------

function fail(field: string, error: string): { ok: false; field: string; error: string } {
	return { ok: false, field, error };
}

/** The Braze user the body is about, or the field that is missing or wrong. */
export function userOf(
	body: Record<string, unknown>,
	settings: Pick<KomoMappingSettings, 'userMapping' | 'identityPath' | 'aliasLabel'>,
): { ok: true; user: UserIdentifier; value: string } | { ok: false; field: string; error: string } {
	const path = settings.identityPath.trim() || DEFAULT_IDENTITY_PATHS[settings.userMapping];
	const raw = readPath(body, path);
	if (isEmptyValue(raw) || (typeof raw !== 'string' && typeof raw !== 'number')) {
		const what = { external_id: 'external ID', braze_id: 'Braze ID', alias_email: 'email', alias_phone: 'phone number' }[settings.userMapping];
		return fail(path, `Field "${path}" is missing or empty: the body must carry the user's ${what} there (or change the identity path)`);
	}
	const value = String(raw).trim();
	const label = settings.aliasLabel.trim() || (settings.userMapping === 'alias_phone' ? 'phone' : 'email');
	switch (settings.userMapping) {
		case 'external_id':
			return { ok: true, user: { external_id: value }, value };
		case 'braze_id':
			return { ok: true, user: { braze_id: value }, value };
		case 'alias_email': {
			const email = value.toLowerCase();
			if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) {
				return fail(path, `Field "${path}" must be an email address, e.g. ann@example.com`);
			}
			return { ok: true, user: { user_alias: { alias_name: email, alias_label: label } }, value: email };
		}
		case 'alias_phone': {
			const phone = value.replace(/[\s().-]/g, '');
			if (!/^\+?[1-9]\d{5,14}$/.test(phone)) {
				return fail(path, `Field "${path}" must be a phone number in E.164 format, e.g. +14155550123`);
			}
			return { ok: true, user: { user_alias: { alias_name: phone, alias_label: label } }, value: phone };
		}
	}
}

/** Subscription groups take external_id, email or phone: the one the identity gives. */
function subscriptionUser(settings: KomoMappingSettings, value: string): UserIdentifier | undefined {
	if (settings.userMapping === 'external_id') return { external_id: value };
	if (settings.userMapping === 'alias_email') return { email: value };
	if (settings.userMapping === 'alias_phone') return { phone: value };
	return undefined;
}

// ---------- the mapping ----------

function timeOf(body: Record<string, unknown>, path: string, now: Date): string {
	const raw = path.trim() ? readPath(body, path) : undefined;
	if (typeof raw === 'string' && raw.trim() !== '' && !Number.isNaN(Date.parse(raw))) return new Date(Date.parse(raw)).toISOString();
	if (typeof raw === 'number' && Number.isFinite(raw)) {
		// Seconds or milliseconds since the epoch.
		const ms = raw < 1e11 ? raw * 1000 : raw;
		return new Date(ms).toISOString();
	}
	return now.toISOString();
}

/**
 * One Komo body -> the changes for one user, in the order Braze must apply them: attributes
 * (which create an alias-only user when needed), then events, then the subscription change.
 * Every change is checked with parseChange; the first problem comes back naming the Komo field.
 */
export function mapKomoToBraze(body: Record<string, unknown>, settings: KomoMappingSettings, now: Date): MapResult {
	const identity = userOf(body, settings);
	if (!identity.ok) return identity;
	const { user } = identity;
	const isAlias = settings.userMapping === 'alias_email' || settings.userMapping === 'alias_phone';
	const updateExistingOnly = settings.updateExistingOnly;

	// Field mapping: only mapped, non-empty fields; the last mapping of an attribute wins.
	const attributes: Record<string, unknown> = {};
	/** Where each attribute came from, to name it when Braze's rules refuse the value. */
	const sourceOf = new Map<string, { field: string; label: string }>();
	for (const mapping of settings.fields) {
		const attribute = mapping.brazeAttribute.trim();
		const komoField = mapping.komoField.trim();
		if (!attribute || !komoField) continue;
		const value = cleanValue(readPath(body, komoField));
		if (value === undefined) continue;
		attributes[attribute] = toAttributeValue(attribute, value);
		sourceOf.set(attribute, { field: komoField, label: `Komo field "${komoField}"` });
	}

	// Market research. A present value of another type would otherwise vanish without a word.
	const rawAnswers = settings.answers.as === 'none' ? undefined : readPath(body, settings.answers.path);
	if (rawAnswers !== undefined && rawAnswers !== null && !Array.isArray(rawAnswers) && !isRecord(rawAnswers)) {
		return fail(
			settings.answers.path,
			`Field "${settings.answers.path}" must be a list of {question, answer} objects or a {question: answer} object, got ${typeof rawAnswers}`,
		);
	}
	const answers = normaliseAnswers(rawAnswers);
	if (settings.answers.as === 'attributes' || settings.answers.as === 'both') {
		for (const answer of answers) {
			const attribute = `${settings.answers.attributePrefix}${answer.key}`;
			attributes[attribute] = answer.answer;
			sourceOf.set(attribute, {
				field: settings.answers.path,
				label: `Answer "${answer.question ?? answer.key}" in "${settings.answers.path}"`,
			});
		}
	}

	// Consent.
	let consent: boolean | undefined;
	let consentChange: Record<string, unknown> | undefined;
	if (settings.consent) {
		const { path, groupId, as, unsubscribeOnDecline } = settings.consent;
		const parsed = parseConsent(readPath(body, path));
		if (parsed === 'invalid') {
			return fail(path, `Field "${path}" must be a consent value such as true/false, yes/no or 1/0`);
		}
		consent = parsed;
		const state = parsed === true ? 'subscribed' : parsed === false && unsubscribeOnDecline ? 'unsubscribed' : undefined;
		if (state) {
			const asChange = as === 'subscription' || (as === 'auto' && settings.userMapping === 'external_id');
			const subscriber = asChange ? subscriptionUser(settings, identity.value) : undefined;
			if (subscriber) {
				consentChange = { type: 'subscription', user: subscriber, groupId: groupId.trim(), state };
			} else {
				attributes.subscription_groups = [{ subscription_group_id: groupId.trim(), subscription_state: state }];
				sourceOf.set('subscription_groups', { field: path, label: `Komo field "${path}"` });
			}
		}
	}

	const time = timeOf(body, settings.occurredAtPath, now);
	const triggerValue = settings.triggerPath.trim() ? readPath(body, settings.triggerPath) : undefined;
	const trigger = typeof triggerValue === 'string' && triggerValue.trim() ? triggerValue.trim() : undefined;
	const card = isRecord(body.card) ? body.card : undefined;

	const changes: Array<Record<string, unknown>> = [];
	const events: Array<Record<string, unknown>> = [];
	if (settings.answers.as === 'event' || settings.answers.as === 'both') {
		const context: Record<string, unknown> = {};
		if (trigger) context.komo_trigger = trigger;
		if (card && (typeof card.id === 'string' || typeof card.id === 'number')) context.card_id = card.id;
		if (card && typeof card.name === 'string' && card.name.trim()) context.card_name = card.name.trim();
		if (settings.answers.eventPerAnswer) {
			for (const answer of answers) {
				events.push({
					...context,
					question_key: answer.key,
					...(answer.question ? { question: answer.question } : {}),
					answer: answer.answer,
					...(answer.type ? { question_type: answer.type } : {}),
					...(answer.correct !== undefined ? { correct: answer.correct } : {}),
				});
			}
		} else if (answers.length) {
			const properties: Record<string, unknown> = { ...context, answer_count: answers.length };
			for (const answer of answers) properties[answer.key] = answer.answer;
			events.push(properties);
		}
	}

	// An alias-only user exists in Braze only once an attributes object with
	// `_update_existing_only: false` created it, so that object goes first, even when empty.
	const createAlias = isAlias && !updateExistingOnly;
	if (Object.keys(attributes).length > 0 || createAlias) {
		changes.push({ type: 'attributes', user, attributes, updateExistingOnly });
	}
	for (const properties of events) {
		changes.push({ type: 'event', user, name: settings.answers.eventName.trim(), time, properties, updateExistingOnly });
	}
	if (consentChange) changes.push(consentChange);

	const brazeChanges: BrazeChange[] = [];
	for (const candidate of changes) {
		const parsed = parseChange(candidate);
		if (!parsed.ok) return explain(candidate, parsed.error, settings, sourceOf);
		brazeChanges.push(parsed.change);
	}

	const komo: KomoData = {
		...(trigger ? { trigger } : {}),
		occurredAt: time,
		user,
		attributes,
		answers,
		...(consent !== undefined ? { consent } : {}),
		...(card ? { card } : {}),
		body,
	};
	return { ok: true, komo, brazeChanges };
}

/** Turns a change's validation error into one that names the Komo field behind it. */
function explain(
	change: Record<string, unknown>,
	error: string,
	settings: KomoMappingSettings,
	sourceOf: Map<string, { field: string; label: string }>,
): { ok: false; field: string; error: string } {
	const attribute = /^attributes\.([^ .;]+)/.exec(error)?.[1];
	if (change.type === 'attributes' && attribute !== undefined) {
		const source = sourceOf.get(attribute) ?? { field: attribute, label: `Attribute "${attribute}"` };
		return fail(source.field, `${source.label} (Braze attribute ${attribute}): ${error.replace(/^attributes\.[^ ]+ /, '')}`);
	}
	if (change.type === 'event') {
		if (/^name /.test(error)) return fail('eventName', `Event Name ${error.replace(/^name /, '')}`);
		return fail(settings.answers.path, `Answers in "${settings.answers.path}" cannot become event properties: ${error}`);
	}
	if (change.type === 'subscription') {
		if (/^user/.test(error)) return fail(settings.identityPath, `Field "${settings.identityPath}" cannot identify a subscriber: ${error}`);
		return fail('subscriptionGroupId', `Subscription Group ID ${error.replace(/^groupId /, '')}`);
	}
	return fail(settings.identityPath, `Field "${settings.identityPath}": ${error}`);
}
