import type { Handler, HandlerContext } from '../http/context';
import { badRequest, success } from '../http/reply';
import { isValidEmail } from '../state/keys';
import { createUserFor, setGroupState } from '../state/profile-ops';
import type { GroupState, UserProfile } from '../state/user';
import { MAX_IDS, NOT_E164, isE164, isNonEmptyString, isRecord, requireBody, stringList, stringOrList } from '../validate/common';

// POST /subscription/status/set (v1) and /v2/subscription/status/set (braze-api.md §2.10).

export const EMAIL_XOR_PHONE = 'Either an email address or a phone number should be provided, but not both.';
// Braze documents the 50-user cap but no message for it; this text is the sandbox's.
export const TOO_MANY_USERS = 'A request may update the subscription state of at most 50 users';

interface GroupUpdate {
	groupId: string;
	state: GroupState;
	externalIds: string[];
	emails: string[];
	phones: string[];
}

function checkUpdate(groupId: unknown, state: unknown, externalIds?: string[], emails?: string[], phones?: string[]): GroupUpdate {
	if (!isNonEmptyString(groupId)) badRequest("'subscription_group_id' is required");
	if (state !== 'subscribed' && state !== 'unsubscribed') badRequest("'subscription_state' must be 'subscribed' or 'unsubscribed'");
	if (emails?.length && phones?.length) badRequest(EMAIL_XOR_PHONE);
	if (!externalIds?.length && !emails?.length && !phones?.length) badRequest('An external_id, email or phone is required');
	if (emails?.some((e) => !isValidEmail(e))) badRequest("'email' contains an invalid email address");
	if (phones?.some((p) => !isE164(p))) badRequest(NOT_E164);
	return { groupId, state, externalIds: externalIds ?? [], emails: emails ?? [], phones: phones ?? [] };
}

// Unknown external_ids are skipped; an email or phone no user has yet gets a new user.
function apply(ctx: HandlerContext, g: GroupUpdate): void {
	const targets = new Set<UserProfile>();
	for (const id of g.externalIds) {
		const u = ctx.state.users.byExternalId(id);
		if (u) targets.add(u);
	}
	for (const e of g.emails) {
		const found = ctx.state.users.withEmail(e);
		for (const u of found.length ? found : [createUserFor(ctx.state, { kind: 'email', value: e }, ctx.now)]) targets.add(u);
	}
	for (const p of g.phones) {
		const found = ctx.state.users.withPhone(p);
		for (const u of found.length ? found : [createUserFor(ctx.state, { kind: 'phone', value: p }, ctx.now)]) targets.add(u);
	}
	for (const u of targets) setGroupState(ctx.state, u, g.groupId, g.state, ctx.now);
	ctx.state.stats.apply('subscription_updates', targets.size);
}

export const subscriptionSetV1: Handler = (ctx) => {
	const b = requireBody(ctx.body);
	const update = checkUpdate(b.subscription_group_id, b.subscription_state, stringOrList(b.external_id, 'external_id'), stringOrList(b.email, 'email'), stringOrList(b.phone, 'phone'));
	// The v1 page (post_update_user_subscription_group_status.md@7d3d947) also says "up to 50 users".
	if (update.externalIds.length + update.emails.length + update.phones.length > MAX_IDS) badRequest(TOO_MANY_USERS);
	apply(ctx, update);
	return success();
};

export const subscriptionSetV2: Handler = (ctx) => {
	const groups = requireBody(ctx.body).subscription_groups;
	if (!Array.isArray(groups) || groups.length === 0) badRequest("'subscription_groups' must be a non-empty array");
	// Every entry is checked before any is applied: a 400 changes nothing.
	const updates = groups.map((g) => {
		if (!isRecord(g)) badRequest("'subscription_groups' items must be objects");
		if (g.use_double_opt_in_logic !== undefined && typeof g.use_double_opt_in_logic !== 'boolean') badRequest("'use_double_opt_in_logic' must be a boolean");
		return checkUpdate(g.subscription_group_id, g.subscription_state, stringList(g.external_ids, 'external_ids'), stringList(g.emails, 'emails'), stringList(g.phones, 'phones'));
	});
	// The v2 page (post_update_user_subscription_group_status_v2.md@68b3f5d) caps a request at
	// "up to 50 users" and forbids emails with phones. Read strictly: 50 identifiers summed over
	// every group, and emails and phones never in one request, even in different groups.
	const total = updates.reduce((n, u) => n + u.externalIds.length + u.emails.length + u.phones.length, 0);
	if (total > MAX_IDS) badRequest(TOO_MANY_USERS);
	if (updates.some((u) => u.emails.length) && updates.some((u) => u.phones.length)) badRequest(EMAIL_XOR_PHONE);
	for (const u of updates) apply(ctx, u);
	return success();
};
