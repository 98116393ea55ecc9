import type { Handler, HandlerContext } from '../http/context';
import { badRequest, success } from '../http/reply';
import { isValidEmail } from '../state/keys';
import type { ChannelState } from '../state/user';
import { requireBody, stringOrList } from '../validate/common';

// POST /email/status, /email/blocklist and the deprecated /email/blacklist (braze-api.md §2.11).
// State is kept per address, so it also covers addresses no user has yet.

const STATES: ChannelState[] = ['subscribed', 'unsubscribed', 'opted_in'];

function emails(body: Record<string, unknown>): string[] {
	const list = stringOrList(body.email, 'email');
	if (!list?.length) badRequest("'email' is required");
	if (list.some((e) => !isValidEmail(e))) badRequest("'email' contains an invalid email address");
	return list;
}

function syncUsers(ctx: HandlerContext, email: string, state: ChannelState): void {
	for (const u of ctx.state.users.withEmail(email)) {
		u.email_subscribe = state;
		ctx.state.users.touch(u, ctx.now);
	}
}

export const emailStatus: Handler = (ctx) => {
	const body = requireBody(ctx.body);
	const list = emails(body);
	const state = body.subscription_state as ChannelState;
	if (!STATES.includes(state)) badRequest("'subscription_state' must be one of subscribed, unsubscribed, opted_in");
	const at = new Date(ctx.now).toISOString();
	for (const e of list) {
		ctx.state.emails.setState(e, state, at);
		syncUsers(ctx, e, state);
	}
	ctx.state.stats.apply('email_states', list.length);
	return success();
};

export const emailBlocklist: Handler = (ctx) => {
	const list = emails(requireBody(ctx.body));
	const at = new Date(ctx.now).toISOString();
	for (const e of list) {
		ctx.state.emails.blocklist(e, at);
		syncUsers(ctx, e, 'unsubscribed');
	}
	ctx.state.stats.apply('email_blocklisted', list.length);
	return success();
};
