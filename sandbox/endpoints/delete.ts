import type { Handler } from '../http/context';
import { badRequest, json } from '../http/reply';
import { findUser, type UserRef } from '../state/resolve';
import type { UserProfile } from '../state/user';
import { MAX_IDS, TOO_MANY_IDS, isNonEmptyString, isRecord, parseAlias, parsePrioritization, requireBody, stringList } from '../validate/common';

// POST /users/delete (braze-api.md §2.6). Types may be mixed (the doc's own example does).

function arr(v: unknown, field: string): unknown[] {
	if (v === undefined || v === null) return [];
	if (!Array.isArray(v)) badRequest(`'${field}' must be an array`);
	return v;
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
		refs.push({ kind: 'email', value: e.email, prioritization: parsePrioritization(e.prioritization, 'prioritization', true) });
	}
	for (const p of arr(body.phone_numbers, 'phone_numbers')) {
		if (isNonEmptyString(p)) refs.push({ kind: 'phone', value: p, prioritization: ['most_recently_updated'] });
		else if (isRecord(p) && isNonEmptyString(p.phone)) refs.push({ kind: 'phone', value: p.phone, prioritization: parsePrioritization(p.prioritization, 'prioritization', true) });
		else badRequest("'phone_numbers' items must be strings or objects with 'phone' and 'prioritization'");
	}
	if (refs.length === 0) badRequest('No identifiers were provided');
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
