import type { HandlerContext } from '../http/context';
import { badRequest } from '../http/reply';
import { applyAttributes, createUserFor } from '../state/profile-ops';
import { findUser, type UserRef } from '../state/resolve';
import type { ReceivedMessage, UserProfile } from '../state/user';
import type { SendRecipient } from '../state/sends';
import { isValidEmail } from '../state/keys';
import { MAX_IDS, TOO_MANY_IDS, isNonEmptyString, isRecord, parseAlias, requiredPrioritization } from '../validate/common';

// Recipients of the trigger-send endpoints (braze-api.md §2.12), checked in full before anything is applied.

export interface Recipient {
	ref: UserRef;
	existingOnly: boolean;
	attributes?: Record<string, unknown>;
	extra: Record<string, unknown>;
}

export function parseRecipients(v: unknown, extraKey: 'trigger_properties' | 'context'): Recipient[] {
	if (!Array.isArray(v)) badRequest("'recipients' must be an array of objects");
	if (v.length > MAX_IDS) badRequest(TOO_MANY_IDS);
	return v.map((r) => {
		if (!isRecord(r)) badRequest("'recipients' must be an array of objects");
		const given = ['external_user_id', 'user_alias', 'email'].filter((k) => r[k] !== undefined);
		if (given.length !== 1) badRequest("Each recipient needs exactly one of 'external_user_id', 'user_alias' or 'email'");
		const ref = recipientRef(r);
		const existingOnly = r.send_to_existing_only !== false;
		if (!existingOnly && ref.kind === 'user_alias') badRequest("'send_to_existing_only' cannot be false for a 'user_alias' recipient");
		if (r.attributes !== undefined && !isRecord(r.attributes)) badRequest("'attributes' must be an object");
		if (!existingOnly && !r.attributes) badRequest("'attributes' is required when 'send_to_existing_only' is false");
		return { ref, existingOnly, attributes: r.attributes as Record<string, unknown> | undefined, extra: r[extraKey] !== undefined ? { [extraKey]: r[extraKey] } : {} };
	});
}

function recipientRef(r: Record<string, unknown>): UserRef {
	if (r.external_user_id !== undefined) {
		if (!isNonEmptyString(r.external_user_id)) badRequest("'external_user_id' must be a non-empty string");
		return { kind: 'external_id', value: r.external_user_id };
	}
	if (r.user_alias !== undefined) {
		const alias = parseAlias(r.user_alias);
		if (!alias) badRequest("'user_alias' must be an object with string 'alias_name' and 'alias_label'");
		return { kind: 'user_alias', alias };
	}
	if (!isNonEmptyString(r.email)) badRequest("'email' must be a non-empty string");
	if (!isValidEmail(r.email)) badRequest("'email' is not a valid email address");
	// Recipients object (post_send_triggered_campaigns.md@3e5db08): "prioritization ... required when using email".
	return { kind: 'email', value: r.email, prioritization: requiredPrioritization(r.prioritization) };
}

// Attributes land before the send; send_to_existing_only: false creates the missing user.
export function deliver(ctx: HandlerContext, r: Recipient, message: Omit<ReceivedMessage, 'at'>): SendRecipient {
	let u: UserProfile | undefined = findUser(ctx.state.users, r.ref);
	if (!u && !r.existingOnly) u = createUserFor(ctx.state, r.ref, ctx.now);
	if (u && r.attributes) applyAttributes(ctx.state, u, r.attributes, ctx.now);
	if (u) u.messages_received.push({ ...message, at: new Date(ctx.now).toISOString() });
	return {
		...(r.ref.kind === 'external_id' ? { external_user_id: r.ref.value } : {}),
		...(r.ref.kind === 'user_alias' ? { user_alias: r.ref.alias } : {}),
		...(r.ref.kind === 'email' ? { email: r.ref.value } : {}),
		braze_id: u?.braze_id,
		matched: u !== undefined,
		...r.extra,
	};
}
