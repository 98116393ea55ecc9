import type { IDataObject } from 'n8n-workflow';

import type { BrazeChange } from './changes';

/**
 * Whom a change is about, as Braze identifies them: what every output item shows, so a refused or
 * failed item can be traced to its user. Changes without a user (a cohort's name) name their object.
 */
export function userOf(change: BrazeChange): IDataObject | undefined {
	switch (change.type) {
		case 'emailStatus':
		case 'emailBlocklist':
			return { email: change.email };
		case 'aliasCreate':
			return { ...(change.externalId ? { external_id: change.externalId } : {}), user_alias: change.alias };
		case 'aliasUpdate':
			return { user_alias: { alias_label: change.aliasLabel, alias_name: change.oldAliasName } };
		case 'identify':
			return { external_id: change.externalId };
		case 'merge':
			return change.toKeep as IDataObject;
		case 'renameExternalId':
			return { external_id: change.currentExternalId };
		case 'removeExternalId':
			return { external_id: change.externalId };
		case 'cohortMembership':
			return change.member as IDataObject;
		case 'cohortUpsert':
			return { cohort_id: change.cohortId };
		default: {
			const holder = change as { user?: unknown; recipient?: unknown };
			const who = holder.user ?? holder.recipient;
			return who && typeof who === 'object' ? (who as IDataObject) : undefined;
		}
	}
}

/**
 * The identifier of raw input that did not become a valid change: whatever identifying fields it has,
 * so even a refused item names its user (never more than the identifier: no attribute values).
 */
export function userOfRaw(candidate: unknown): IDataObject | undefined {
	if (!candidate || typeof candidate !== 'object') return undefined;
	const raw = candidate as Record<string, unknown>;
	for (const key of ['user', 'recipient', 'member', 'toKeep']) {
		const who = raw[key];
		if (who && typeof who === 'object' && !Array.isArray(who)) return pickIdentifier(who as Record<string, unknown>);
	}
	if (typeof raw.aliasLabel === 'string' && typeof raw.oldAliasName === 'string') {
		return { user_alias: { alias_label: raw.aliasLabel, alias_name: raw.oldAliasName } };
	}
	if (raw.cohortId !== undefined) return { cohort_id: raw.cohortId as string };
	return pickIdentifier({ email: raw.email, external_id: raw.externalId ?? raw.currentExternalId });
}

const IDENTIFIER_FIELDS = ['external_id', 'braze_id', 'user_alias', 'email', 'phone', 'device_id'];

function pickIdentifier(source: Record<string, unknown>): IDataObject | undefined {
	const picked: IDataObject = {};
	for (const key of IDENTIFIER_FIELDS) if (source[key] !== undefined) picked[key] = source[key] as IDataObject[string];
	return Object.keys(picked).length ? picked : undefined;
}

/** Whether two identifiers are certainly the same JSON (same keys in the same order, same values): a fast answer for the usual case. */
function sameJson(a: unknown, b: unknown): boolean {
	if (a === b) return true;
	// Plain objects only: a Date or a class instance writes itself its own way (the JSON dedupe decides).
	if (!isPlainRecord(a) || !isPlainRecord(b)) return false;
	// The usual identifier has one key: compared without building key arrays.
	const only = onlyKey(a);
	if (only !== undefined) return only === onlyKey(b) && a[only] !== undefined && sameJson(a[only], b[only]);
	const keys = Object.keys(a);
	const others = Object.keys(b);
	if (keys.length !== others.length) return false;
	for (let i = 0; i < keys.length; i++) {
		if (keys[i] !== others[i]) return false;
		const value = a[keys[i]];
		if (value === undefined || !sameJson(value, b[keys[i]])) return false;
	}
	return true;
}

function isPlainRecord(value: unknown): value is Record<string, unknown> {
	if (typeof value !== 'object' || value === null) return false;
	const prototype = Object.getPrototypeOf(value) as unknown;
	return prototype === Object.prototype || prototype === null;
}

/** The object's one key when it has exactly one (its own), else undefined. */
function onlyKey(value: Record<string, unknown>): string | undefined {
	let only: string | undefined;
	for (const key in value) {
		if (only !== undefined || !Object.prototype.hasOwnProperty.call(value, key)) return undefined;
		only = key;
	}
	return only;
}

/**
 * Whom an item is about, from the identifiers of its changes: `user` for one identifier (as JSON),
 * `users` for several. test/unit/property-fast-path.test.ts holds it equal to a JSON.stringify dedupe.
 */
export function whoOf(identifiers: Array<IDataObject | undefined>): IDataObject {
	// Usually every change names the same user: said without writing each identifier out as JSON.
	let first: IDataObject | undefined;
	let same = true;
	for (const identifier of identifiers) {
		if (!identifier) continue;
		if (first === undefined) first = identifier;
		else if (!sameJson(first, identifier)) {
			same = false;
			break;
		}
	}
	if (first === undefined) return {};
	if (same) return { user: first };
	const unique = new Map<string, IDataObject>();
	for (const identifier of identifiers) if (identifier) unique.set(JSON.stringify(identifier), identifier);
	const list = [...unique.values()];
	return list.length === 1 ? { user: list[0] } : { users: list };
}
