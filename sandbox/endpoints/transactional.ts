import type { Handler } from '../http/context';
import { badRequest, fail, json } from '../http/reply';
import { newDispatchId } from '../state/ids';
import { isRecord, requireBody } from '../validate/common';
import { deliver, parseRecipients } from './recipients';

// POST /transactional/v1/campaigns/{campaign_id}/send (braze-api.md §2.12).
// The answer has no "message" field, as documented: {dispatch_id, status, metadata}.

const EXTERNAL_SEND_ID = /^[a-zA-Z0-9-_+/=]+$/;

export const transactionalSend: Handler = (ctx) => {
	const c = ctx.state.catalog.campaign(ctx.params.id);
	if (!c) fail(404, 'Campaign does not exist');
	if (!c.transactional) badRequest('The campaign is not a transactional campaign. Only transactional campaigns may use this endpoint.');
	if (c.archived) badRequest('The campaign is archived. Unarchive the campaign to ensure send requests will take effect.');
	if (c.paused) badRequest('The campaign is paused. Resume the campaign to ensure send requests will take effect.');
	const body = requireBody(ctx.body);
	const sendId = body.external_send_id;
	if (sendId !== undefined && (typeof sendId !== 'string' || !EXTERNAL_SEND_ID.test(sendId))) badRequest("'external_send_id' must match /^[a-zA-Z0-9-_+\\/=]+$/");
	if (body.trigger_properties !== undefined && !isRecord(body.trigger_properties)) badRequest("'trigger_properties' must be an object");
	if (!isRecord(body.recipient)) badRequest("'recipient' is required");
	if (body.recipient.email !== undefined) badRequest("'recipient' needs exactly one of 'external_user_id' or 'user_alias'");
	const [recipient] = parseRecipients([{ ...body.recipient, send_to_existing_only: true }], 'trigger_properties');
	const metadata = sendId !== undefined ? { external_send_id: sendId } : {};

	// Same external_send_id within 24 h: no second send, the first dispatch_id comes back.
	const key = sendId !== undefined ? `${c.id}\u0000${sendId}` : undefined;
	const prior = key ? ctx.state.sends.recall(key, ctx.now) : undefined;
	if (prior) {
		ctx.state.stats.dedupedSends++;
		return json({ dispatch_id: prior, status: 'queued', metadata }, 201);
	}
	// Attributes on an unknown external_user_id create the user.
	recipient.existingOnly = !(recipient.ref.kind === 'external_id' && recipient.attributes);
	const dispatchId = newDispatchId();
	const delivered = deliver(ctx, recipient, { type: 'transactional', id: c.id, dispatch_id: dispatchId });
	ctx.state.sends.add({
		dispatch_id: dispatchId,
		type: 'transactional',
		campaign_id: c.id,
		external_send_id: typeof sendId === 'string' ? sendId : undefined,
		broadcast: false,
		recipients: [delivered],
		trigger_properties: body.trigger_properties,
		at: new Date(ctx.now).toISOString(),
	});
	if (key) ctx.state.sends.remember(key, dispatchId, ctx.now);
	ctx.state.stats.apply('transactional_sends');
	return json({ dispatch_id: dispatchId, status: 'queued', metadata }, 201);
};
