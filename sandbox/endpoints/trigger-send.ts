import type { Handler, HandlerContext } from '../http/context';
import { badRequest, success } from '../http/reply';
import { newDispatchId } from '../state/ids';
import { isNonEmptyString, isRecord, requireBody } from '../validate/common';
import { deliver, parseRecipients } from './recipients';

// POST /campaigns/trigger/send and /canvas/trigger/send (braze-api.md §2.12).

interface Target {
	type: 'campaign' | 'canvas';
	id: string;
	notice?: string;
}

// Broadcast (segment or Connected Audience only) calls have their own 250/min bucket.
export function isBroadcast(body: unknown): boolean {
	return isRecord(body) && (body.broadcast === true || (body.audience !== undefined && body.recipients === undefined));
}

function send(ctx: HandlerContext, body: Record<string, unknown>, target: Target, extraKey: 'trigger_properties' | 'context'): ReturnType<Handler> {
	const broadcast = body.broadcast === true;
	if (body.broadcast !== undefined && typeof body.broadcast !== 'boolean') badRequest("'broadcast' must be a boolean");
	if (broadcast && (body.recipients !== undefined || body.attachments !== undefined)) badRequest("'recipients' and 'attachments' cannot be used when 'broadcast' is true");
	if (!broadcast && body.recipients === undefined && body.audience === undefined) badRequest('No Recipients');
	if (body[extraKey] !== undefined && !isRecord(body[extraKey])) badRequest(`'${extraKey}' must be an object`);
	if (extraKey === 'context' && body.context !== undefined && Buffer.byteLength(JSON.stringify(body.context)) > 50 * 1024) badRequest("'context' exceeds 50 KB");
	const recipients = body.recipients !== undefined ? parseRecipients(body.recipients, extraKey) : [];

	const dispatchId = newDispatchId();
	const delivered = recipients.map((r) => deliver(ctx, r, { type: target.type, id: target.id, dispatch_id: dispatchId }));
	ctx.state.sends.add({
		dispatch_id: dispatchId,
		type: target.type,
		...(target.type === 'campaign' ? { campaign_id: target.id } : { canvas_id: target.id }),
		send_id: typeof body.send_id === 'string' ? body.send_id : undefined,
		broadcast,
		audience: body.audience,
		recipients: delivered,
		[extraKey]: body[extraKey],
		notice: target.notice,
		at: new Date(ctx.now).toISOString(),
	});
	ctx.state.stats.apply(`${target.type}_sends`);
	return success(target.notice ? { notice: target.notice, dispatch_id: dispatchId } : { dispatch_id: dispatchId });
}

export const campaignTriggerSend: Handler = (ctx) => {
	const body = requireBody(ctx.body);
	if (!isNonEmptyString(body.campaign_id)) badRequest("'campaign_id' is required");
	const c = ctx.state.catalog.campaign(body.campaign_id);
	// Transactional campaigns only go through their own endpoint.
	if (!c || c.transactional) badRequest('Invalid Campaign ID');
	const notice = c.archived
		? 'The Campaign is archived. Unarchive the Campaign to ensure trigger requests will take effect.'
		: c.paused
			? 'The Campaign is paused. Resume the Campaign to ensure trigger requests will take effect.'
			: undefined;
	return send(ctx, body, { type: 'campaign', id: c.id, notice }, 'trigger_properties');
};

export const canvasTriggerSend: Handler = (ctx) => {
	const body = requireBody(ctx.body);
	if (!isNonEmptyString(body.canvas_id)) badRequest("'canvas_id' is required");
	const c = ctx.state.catalog.canvas(body.canvas_id);
	if (!c) badRequest('Invalid Canvas ID');
	const notice = c.archived
		? 'The Canvas is archived. Unarchive the Canvas to ensure trigger requests will take effect.'
		: c.paused
			? 'The Canvas is paused. Resume the Canvas to ensure trigger requests will take effect.'
			: undefined;
	return send(ctx, body, { type: 'canvas', id: c.id, notice }, 'context');
};
