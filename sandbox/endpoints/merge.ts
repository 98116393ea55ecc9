import type { Handler } from '../http/context';
import { badRequest, success } from '../http/reply';
import { mergeInto } from '../state/merge-users';
import { findUser, type UserRef } from '../state/resolve';
import { isNonEmptyString, isRecord, parseAlias, parsePrioritization } from '../validate/common';

// POST /users/merge (braze-api.md §2.7), with the documented 400 texts.

const BAD_IDENTIFIER =
	"identifiers must be objects with an 'external_id' property that is a string, 'user_alias' property that is an object, 'email' property that is a string, or 'phone' property that is a string";

function parseIdentifier(v: unknown): UserRef {
	if (!isRecord(v)) badRequest(BAD_IDENTIFIER);
	if (isNonEmptyString(v.external_id)) return { kind: 'external_id', value: v.external_id };
	if (v.user_alias !== undefined) {
		const alias = parseAlias(v.user_alias);
		if (!alias) badRequest(BAD_IDENTIFIER);
		return { kind: 'user_alias', alias };
	}
	if (isNonEmptyString(v.email)) return { kind: 'email', value: v.email, prioritization: parsePrioritization(v.prioritization, 'prioritization', false) };
	if (isNonEmptyString(v.phone)) return { kind: 'phone', value: v.phone, prioritization: parsePrioritization(v.prioritization, 'prioritization', false) };
	return badRequest(BAD_IDENTIFIER);
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
