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
