import { isValidEmail } from '../state/keys';
import type { UserRef } from '../state/resolve';
import { isE164, isNonEmptyString, parseAlias } from './common';

export type RefResult = { ref: UserRef } | { error: string };

export const MISSING_IDENTIFIER = "'external_id' or 'braze_id' or 'user_alias' or 'email' or 'phone' is required";
export const MULTIPLE_IDENTIFIERS = "only one of 'external_id', 'braze_id' or 'user_alias' may be given";

// Exactly one of external_id / braze_id / user_alias; failing those, email (wins over phone), then phone.
// With a primary id present, email and phone are plain fields (attributes) or ignored (events, purchases).
export function trackIdentifier(obj: Record<string, unknown>): RefResult {
	const primary = (['external_id', 'braze_id', 'user_alias'] as const).filter((k) => obj[k] !== undefined);
	if (primary.length > 1) return { error: MULTIPLE_IDENTIFIERS };
	if (primary.length === 1) {
		const k = primary[0];
		if (k === 'user_alias') {
			const alias = parseAlias(obj.user_alias);
			return alias ? { ref: { kind: 'user_alias', alias } } : { error: "'user_alias' must be an object with string 'alias_name' and 'alias_label'" };
		}
		const v = obj[k];
		return isNonEmptyString(v) ? { ref: { kind: k, value: v } } : { error: `'${k}' must be a non-empty string` };
	}
	if (obj.email !== undefined && obj.email !== null) {
		return typeof obj.email === 'string' && isValidEmail(obj.email)
			? { ref: { kind: 'email', value: obj.email } }
			: { error: "'email' is not a valid email address" };
	}
	if (obj.phone !== undefined && obj.phone !== null) {
		// post_user_track.md@78b3bae: updating by phone "only works if you include a valid phone number"; read as E.164.
		return isE164(obj.phone)
			? { ref: { kind: 'phone', value: obj.phone } }
			: { error: "'phone' is not a valid phone number" };
	}
	return { error: MISSING_IDENTIFIER };
}
