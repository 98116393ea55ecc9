import type { Handler } from '../http/context';
import { badRequest, json } from '../http/reply';
import { pick } from '../state/resolve';
import type { GroupState, UserProfile } from '../state/user';
import { MAX_IDS, NOT_E164, TOO_MANY_IDS, isE164, queryInt, queryList } from '../validate/common';
import { EMAIL_XOR_PHONE } from './subscription-set';

// GET /subscription/status/get and /subscription/user/status (braze-api.md §2.10).

function display(s: GroupState | undefined): string {
	return s === 'subscribed' ? 'Subscribed' : s === 'unsubscribed' ? 'Unsubscribed' : 'Unknown';
}

function ids(q: URLSearchParams, name: string): string[] {
	const list = queryList(q, name);
	if (list.length > MAX_IDS) badRequest(TOO_MANY_IDS);
	return list;
}

export const subscriptionStatusGet: Handler = (ctx) => {
	const q = ctx.query;
	const groupId = q.get('subscription_group_id');
	if (!groupId) badRequest("'subscription_group_id' is required");
	const externalIds = ids(q, 'external_id');
	const emails = ids(q, 'email');
	const phones = ids(q, 'phone');
	const { users } = ctx.state;
	const status: Record<string, string> = {};
	// When external_ids are given, only they count.
	if (externalIds.length) {
		for (const id of externalIds) status[id] = display(users.byExternalId(id)?.subscription_groups[groupId]);
	} else if (emails.length && phones.length) {
		badRequest(EMAIL_XOR_PHONE);
	} else if (emails.length || phones.length) {
		// get_list_user_subscription_group_status.md@d852054: phones in E.164.
		if (!phones.every(isE164)) badRequest(NOT_E164);
		for (const e of emails) status[e] = display(pick(users.withEmail(e))?.subscription_groups[groupId]);
		for (const p of phones) status[p] = display(pick(users.withPhone(p))?.subscription_groups[groupId]);
	} else {
		badRequest("An 'external_id', 'email' or 'phone' is required");
	}
	return json({ status, message: 'success' });
};

export const subscriptionUserStatus: Handler = (ctx) => {
	const q = ctx.query;
	const externalIds = ids(q, 'external_id');
	const emails = ids(q, 'email');
	const phones = ids(q, 'phone');
	if (!externalIds.length && !emails.length && !phones.length) badRequest("An 'external_id', 'email' or 'phone' is required");
	const limit = queryInt(q, 'limit', 100, 1, 100);
	const offset = queryInt(q, 'offset', 0, 0, Number.MAX_SAFE_INTEGER);
	const { users } = ctx.state;
	const found = new Set<UserProfile>();
	for (const id of externalIds) {
		const u = users.byExternalId(id);
		if (u) found.add(u);
	}
	for (const e of emails) for (const u of users.withEmail(e)) found.add(u);
	for (const p of phones) for (const u of users.withPhone(p)) found.add(u);
	// Only groups with a recorded state appear, as Braze lists only groups with history.
	const rows: Record<string, string>[] = [];
	for (const u of found) {
		for (const [id, s] of Object.entries(u.subscription_groups)) rows.push({ subscription_group_id: id, subscription_status: display(s) });
	}
	return json({ success: true, subscription_groups: rows.slice(offset, offset + limit) });
};
