import type { Handler } from '../http/context';
import { badRequest, success } from '../http/reply';
import { mergeInto } from '../state/merge-users';
import { findUser, type UserRef } from '../state/resolve';
import { isValidEmail } from '../state/keys';
import { NOT_E164, isE164, isNonEmptyString, isRecord, parseAlias, requiredPrioritization } from '../validate/common';

// POST /users/merge (braze-api.md §2.7), with the documented 400 texts.

const BAD_IDENTIFIER =
	"identifiers must be objects with an 'external_id' property that is a string, 'user_alias' property that is an object, 'email' property that is a string, or 'phone' property that is a string";

const KINDS = ['external_id', 'user_alias', 'email', 'phone'] as const;

// post_users_merge.md@5c1e9e0: each identifier references a user by exactly one of the four kinds,
// and an email or phone identifier also needs `prioritization` ("an additional prioritization
// value is required"). Braze names no message for a missing one; the text below is the sandbox's.
function parseIdentifier(v: unknown): UserRef {
	if (!isRecord(v)) badRequest(BAD_IDENTIFIER);
	const kinds = KINDS.filter((k) => v[k] !== undefined);
	if (kinds.length !== 1) badRequest(BAD_IDENTIFIER);
	switch (kinds[0]) {
		case 'external_id':
			if (!isNonEmptyString(v.external_id)) badRequest(BAD_IDENTIFIER);
			return { kind: 'external_id', value: v.external_id };
		case 'user_alias': {
			const alias = parseAlias(v.user_alias);
			if (!alias) badRequest(BAD_IDENTIFIER);
			return { kind: 'user_alias', alias };
		}
		case 'email':
			if (!isNonEmptyString(v.email)) badRequest(BAD_IDENTIFIER);
			if (!isValidEmail(v.email)) badRequest("'email' is not a valid email address");
			return { kind: 'email', value: v.email, prioritization: requiredPrioritization(v.prioritization) };
		default:
			if (!isNonEmptyString(v.phone)) badRequest(BAD_IDENTIFIER);
			if (!isE164(v.phone)) badRequest(NOT_E164);
			return { kind: 'phone', value: v.phone, prioritization: requiredPrioritization(v.prioritization) };
	}
}

export const usersMerge: Handler = (ctx) => {
	const updates = isRecord(ctx.body) ? ctx.body.merge_updates : undefined;
	if (!Array.isArray(updates) || !updates.every(isRecord)) badRequest("'merge_updates' must be an array of objects");
	if (updates.length > 50) badRequest('a single request may not contain more than 50 merge updates');
	const pairs = updates.map((u) => {
		if (Object.keys(u).some((k) => k !== 'identifier_to_merge' && k !== 'identifier_to_keep')) {
			badRequest("'merge_updates' must only have 'identifier_to_merge' and 'identifier_to_keep'");
		}
		return { merge: parseIdentifier(u.identifier_to_merge), keep: parseIdentifier(u.identifier_to_keep) };
	});
	for (const p of pairs) {
		const from = findUser(ctx.state.users, p.merge);
		const to = findUser(ctx.state.users, p.keep);
		if (!from || !to || from === to) continue;
		mergeInto(ctx.state, from, to, ctx.now);
		ctx.state.stats.apply('merges');
	}
	return success({}, 202);
};
