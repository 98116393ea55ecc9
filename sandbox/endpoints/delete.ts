import type { Handler } from '../http/context';
import { badRequest, json } from '../http/reply';
import { findUser, type UserRef } from '../state/resolve';
import type { UserProfile } from '../state/user';
import { MAX_IDS, NOT_E164, TOO_MANY_IDS, isE164, isNonEmptyString, isRecord, parseAlias, parsePrioritization, requireBody, stringList } from '../validate/common';

// POST /users/delete (braze-api.md §2.6). post_user_delete.md@577d633 says one identifier type per
// request while its example mixes types: the stricter reading (one type) is enforced. The message is the sandbox's.
export const ONE_TYPE = 'Only one type of identifier may be given per request';

function arr(v: unknown, field: string): unknown[] {
	if (v === undefined || v === null) return [];
	if (!Array.isArray(v)) badRequest(`'${field}' must be an array`);
	return v;
}

// This page lists identified, unidentified and most_recently_updated only (no least_recently_updated).
const DELETE_PRIORITIES = ['identified', 'unidentified', 'most_recently_updated'];

function deletePrioritization(v: unknown): string[] {
	const list = parsePrioritization(v, 'prioritization', true) as string[];
	if (!list.every((x) => DELETE_PRIORITIES.includes(x))) badRequest(`'prioritization' must be a non-empty array of ${DELETE_PRIORITIES.join(', ')}`);
	return list;
}

function parseRefs(body: Record<string, unknown>): UserRef[] {
	const refs: UserRef[] = [];
	for (const id of stringList(body.external_ids, 'external_ids', Infinity) ?? []) refs.push({ kind: 'external_id', value: id });
	for (const id of stringList(body.braze_ids, 'braze_ids', Infinity) ?? []) refs.push({ kind: 'braze_id', value: id });
	for (const a of arr(body.user_aliases, 'user_aliases')) {
		const alias = parseAlias(a);
		if (!alias) badRequest("'user_aliases' items need string 'alias_name' and 'alias_label'");
		refs.push({ kind: 'user_alias', alias });
	}
	for (const e of arr(body.email_addresses, 'email_addresses')) {
		if (!isRecord(e) || !isNonEmptyString(e.email)) badRequest("'email_addresses' items need a string 'email' and 'prioritization'");
		refs.push({ kind: 'email', value: e.email, prioritization: deletePrioritization(e.prioritization) });
	}
	// The page requires `prioritization` with a phone too, so a bare phone string is refused.
	for (const p of arr(body.phone_numbers, 'phone_numbers')) {
		if (!isRecord(p) || !isNonEmptyString(p.phone)) badRequest("'phone_numbers' items need a string 'phone' and 'prioritization'");
		if (!isE164(p.phone)) badRequest(NOT_E164);
		refs.push({ kind: 'phone', value: p.phone, prioritization: deletePrioritization(p.prioritization) });
	}
	if (refs.length === 0) badRequest('No identifiers were provided');
	if (new Set(refs.map((r) => r.kind)).size > 1) badRequest(ONE_TYPE);
	if (refs.length > MAX_IDS) badRequest(TOO_MANY_IDS);
	return refs;
}

export const usersDelete: Handler = (ctx) => {
	const refs = parseRefs(requireBody(ctx.body));
	const doomed = new Set<UserProfile>();
	for (const ref of refs) {
		const u = findUser(ctx.state.users, ref);
		if (u) doomed.add(u);
	}
	for (const u of doomed) ctx.state.users.delete(u);
	ctx.state.stats.apply('deleted_users', doomed.size);
	return json({ deleted: doomed.size }, 201);
};
