import { readPath } from '../values';

/**
 * Who is a member, as a compact string key: the unit the membership engine diffs and stores.
 * A key is the identifier itself (an external_id, braze_id, alias name or device_id, as Match
 * Users By says), so reading a million members allocates no new strings; only a device_id in the
 * mixed "external id, else device id" mode carries a prefix (\u0001) to keep the two kinds apart.
 * Keys therefore mean something only together with the mapping that made them.
 */
export type MatchBy = 'externalId' | 'userAlias' | 'brazeId' | 'deviceId' | 'externalIdElseDeviceId';

export interface IdentifierMapping {
	matchBy: MatchBy;
	/** Field (dot path) holding the external_id; also used to spot identified users in device_id mode. */
	externalIdField: string;
	aliasNameField: string;
	/** The alias label every member shares, e.g. "email". */
	aliasLabel: string;
	brazeIdField: string;
	deviceIdField: string;
}

export const DEFAULT_MAPPING: IdentifierMapping = {
	matchBy: 'externalId',
	externalIdField: 'external_id',
	aliasNameField: 'email',
	aliasLabel: 'email',
	brazeIdField: 'braze_id',
	deviceIdField: 'device_id',
};

export type SkipReason =
	| 'missing_identifier'
	| 'invalid_identifier'
	| 'duplicate'
	| 'anonymous_device_id'
	| 'identified_user_device_id';

/** What each skip reason means, for the summary item and the docs. */
export const SKIP_REASONS: Record<SkipReason, string> = {
	missing_identifier: 'the identifier field is empty or missing',
	invalid_identifier: 'the identifier is not text or a number, is longer than 255 characters, or holds a NUL character',
	duplicate: 'the member is listed more than once; it counts once',
	anonymous_device_id:
		'only a device_id: Braze finds users by device_id only through the partner Cohort Import API, not /users/track',
	identified_user_device_id:
		'the member has an external_id: Braze cannot match identified users by device_id, even if they started anonymous; match by external_id',
};

export type ReadMember = { key: string } | { skip: Exclude<SkipReason, 'duplicate'> };

const MAX_IDENTIFIER_LENGTH = 255;
const DEVICE_PREFIX = '\u0001';

/** Skip reasons by code, so the hot path returns a number instead of allocating an object. */
const SKIP_CODES = ['missing_identifier', 'invalid_identifier', 'anonymous_device_id', 'identified_user_device_id'] as const;
const MISSING = 0;
const INVALID = 1;
const ANONYMOUS = 2;
const IDENTIFIED = 3;

/** An identifier as text (the same string when it needs no trimming), or a skip code. */
function identifierText(value: unknown): string | number {
	if (value === undefined || value === null) return MISSING;
	let text: string;
	if (typeof value === 'string') text = value.trim();
	else if (typeof value === 'number' && Number.isFinite(value)) text = String(value);
	else if (typeof value === 'bigint') text = value.toString();
	else return INVALID;
	if (text === '') return MISSING;
	if (text.length > MAX_IDENTIFIER_LENGTH || text.includes('\u0000') || text.charCodeAt(0) === 1) return INVALID;
	return text;
}

/**
 * One member's key, or the code of why it is skipped. A member is an object (a row) or a bare
 * identifier (a string or number), read as the identifier `matchBy` names. `allowDevice` is false
 * where users are written with /users/track, which cannot find a user by device_id.
 */
export function memberKey(member: unknown, mapping: IdentifierMapping, allowDevice: boolean): string | number {
	const bare = member === null || typeof member !== 'object';
	switch (mapping.matchBy) {
		case 'externalId':
			return identifierText(bare ? member : readPath(member, mapping.externalIdField));
		case 'brazeId':
			return identifierText(bare ? member : readPath(member, mapping.brazeIdField));
		case 'userAlias':
			return identifierText(bare ? member : readPath(member, mapping.aliasNameField));
		case 'deviceId': {
			if (bare) return identifierText(member);
			if (typeof identifierText(readPath(member, mapping.externalIdField)) === 'string') return IDENTIFIED;
			return identifierText(readPath(member, mapping.deviceIdField));
		}
		case 'externalIdElseDeviceId': {
			const external = identifierText(bare ? member : readPath(member, mapping.externalIdField));
			if (typeof external === 'string' || external === INVALID || bare) return external;
			const device = identifierText(readPath(member, mapping.deviceIdField));
			if (typeof device !== 'string') return device;
			return allowDevice ? DEVICE_PREFIX + device : ANONYMOUS;
		}
	}
}

export function skipReasonOf(code: number): Exclude<SkipReason, 'duplicate'> {
	return SKIP_CODES[code];
}

/** memberKey with the reason spelled out. */
export function readMember(member: unknown, mapping: IdentifierMapping, allowDevice: boolean): ReadMember {
	const key = memberKey(member, mapping, allowDevice);
	return typeof key === 'string' ? { key } : { skip: skipReasonOf(key) };
}

export type MemberIdentity =
	| { kind: 'external_id'; value: string }
	| { kind: 'braze_id'; value: string }
	| { kind: 'device_id'; value: string }
	| { kind: 'user_alias'; alias_name: string; alias_label: string };

/** The identifier a key stands for, under the mapping that made it. */
export function identityOf(key: string, mapping: IdentifierMapping): MemberIdentity {
	switch (mapping.matchBy) {
		case 'externalId':
			return { kind: 'external_id', value: key };
		case 'brazeId':
			return { kind: 'braze_id', value: key };
		case 'userAlias':
			return { kind: 'user_alias', alias_name: key, alias_label: mapping.aliasLabel };
		case 'deviceId':
			return { kind: 'device_id', value: key };
		case 'externalIdElseDeviceId':
			return key.charCodeAt(0) === 1 ? { kind: 'device_id', value: key.slice(1) } : { kind: 'external_id', value: key };
	}
}

/** A readable form of a key for messages, e.g. external_id u1. */
export function describeKey(key: string, mapping: IdentifierMapping): string {
	const identity = identityOf(key, mapping);
	return identity.kind === 'user_alias'
		? `user_alias ${identity.alias_label}=${identity.alias_name}`
		: `${identity.kind} ${identity.value}`;
}
