import type { Handler, HandlerContext } from '../http/context';
import { badRequest, success } from '../http/reply';
import { newDispatchId } from '../state/ids';
import { MessagingStore, type ScheduleKind, type ScheduleRecord } from '../state/messaging';
import { parseBrazeTime } from '../validate/time';
import { isNonEmptyString, isRecord, parseAlias, requireBody } from '../validate/common';

// POST /messages/send, /messages/schedule/{create,update,delete},
// /campaigns/trigger/schedule/{create,update,delete}, /canvas/trigger/schedule/{create,update,delete}
// (braze-docs `_docs/_api/endpoints/messaging/`). Where Braze documents no error text, the text is the sandbox's.

const MAX_USERS = 50;
const MAX_AHEAD_MS = 90 * 86_400_000;

// The messaging objects Braze documents; each channel's object is checked for what the send needs.
const CHANNELS = ['android_push', 'apple_push', 'content_card', 'email', 'kindle_push', 'line', 'sms', 'web_push', 'webhook', 'whats_app'];

function checkMessages(v: unknown, required: boolean): Record<string, unknown> | undefined {
	if (v === undefined && !required) return undefined;
	if (!isRecord(v) || Object.keys(v).length === 0) badRequest("'messages' must be an object with at least one messaging object");
	for (const [channel, object] of Object.entries(v)) {
		if (!CHANNELS.includes(channel)) badRequest(`'${channel}' is not a messaging object: use ${CHANNELS.join(', ')}`);
		if (!isRecord(object)) badRequest(`'messages.${channel}' must be an object`);
		if (channel === 'email') {
			if (!isNonEmptyString(object.app_id)) badRequest("'messages.email.app_id' is required");
			if (!isNonEmptyString(object.body) && !isNonEmptyString(object.email_template_id)) badRequest("'messages.email' needs a 'body' or an 'email_template_id'");
		}
		if (channel === 'sms' && (!isNonEmptyString(object.subscription_group_id) || !isNonEmptyString(object.body))) {
			badRequest("'messages.sms' needs 'subscription_group_id' and 'body'");
		}
	}
	return v;
}

function checkSchedule(ctx: HandlerContext, v: unknown): ScheduleRecord['schedule'] {
	if (!isRecord(v)) badRequest("'schedule' is required and must be an object with 'time'");
	const ms = typeof v.time === 'string' ? parseBrazeTime(v.time) : undefined;
	if (ms === undefined) badRequest("'schedule.time' must be an ISO 8601 time");
	if (ms > ctx.now + MAX_AHEAD_MS) badRequest("'schedule.time' may be at most 90 days in the future");
	for (const key of ['in_local_time', 'at_optimal_time']) if (v[key] !== undefined && typeof v[key] !== 'boolean') badRequest(`'schedule.${key}' must be a boolean`);
	if (v.in_local_time === true && v.at_optimal_time === true) badRequest("'schedule' may use 'in_local_time' or 'at_optimal_time', not both");
	return { time: new Date(ms).toISOString(), ...(v.in_local_time !== undefined ? { in_local_time: v.in_local_time as boolean } : {}), ...(v.at_optimal_time !== undefined ? { at_optimal_time: v.at_optimal_time as boolean } : {}) };
}

function checkOptionalCampaign(ctx: HandlerContext, v: unknown): void {
	if (v === undefined) return;
	if (!isNonEmptyString(v) || !ctx.state.catalog.campaign(v)) badRequest('Invalid Campaign ID');
}

interface Audience {
	broadcast: boolean;
	segment_id?: string;
	external_user_ids: string[];
	user_aliases: unknown[];
}

/** /messages/send and /messages/schedule/create: listed users, or a segment (with broadcast: true). */
function messagesAudience(ctx: HandlerContext, body: Record<string, unknown>): Audience {
	if (body.broadcast !== undefined && typeof body.broadcast !== 'boolean') badRequest("'broadcast' must be a boolean");
	const ids = body.external_user_ids;
	if (ids !== undefined && (!Array.isArray(ids) || !ids.every(isNonEmptyString))) badRequest("'external_user_ids' must be an array of strings");
	const aliases = body.user_aliases;
	if (aliases !== undefined && (!Array.isArray(aliases) || !aliases.every((a) => parseAlias(a) !== undefined))) badRequest("'user_aliases' must be an array of user alias objects");
	const listed = [...((ids as string[] | undefined) ?? []), ...((aliases as unknown[] | undefined) ?? [])];
	if (listed.length > MAX_USERS) badRequest(`At most ${MAX_USERS} external_user_ids and user_aliases are allowed per request`);
	const broadcast = body.broadcast === true;
	if (body.segment_id !== undefined) {
		if (!isNonEmptyString(body.segment_id) || !ctx.state.catalog.segments.some((s) => s.id === body.segment_id)) badRequest('Invalid Segment ID');
		if (!broadcast) badRequest("'broadcast' must be true to send to a whole segment");
	}
	if (broadcast && listed.length) badRequest("'external_user_ids' and 'user_aliases' cannot be used when 'broadcast' is true");
	if (broadcast && body.segment_id === undefined && body.audience === undefined) badRequest("A broadcast needs a 'segment_id' or an 'audience'");
	if (!broadcast && !listed.length && body.audience === undefined) badRequest('No Recipients');
	return { broadcast, segment_id: body.segment_id as string | undefined, external_user_ids: (ids as string[] | undefined) ?? [], user_aliases: (aliases as unknown[] | undefined) ?? [] };
}

export const messagesSend: Handler = (ctx) => {
	const body = requireBody(ctx.body);
	const audience = messagesAudience(ctx, body);
	const messages = checkMessages(body.messages, true)!;
	checkOptionalCampaign(ctx, body.campaign_id);
	const dispatchId = newDispatchId();
	ctx.state.messaging.sent.push({
		dispatch_id: dispatchId,
		...audience,
		campaign_id: body.campaign_id as string | undefined,
		send_id: body.send_id as string | undefined,
		messages,
		at: new Date(ctx.now).toISOString(),
	});
	ctx.state.stats.apply('messages_sent');
	return success({ dispatch_id: dispatchId });
};

/** Campaign and Canvas schedules: recipients (up to 50), an audience, or broadcast: true, one of them. */
function triggerAudience(body: Record<string, unknown>, propertiesKey: string): void {
	if (body.broadcast !== undefined && typeof body.broadcast !== 'boolean') badRequest("'broadcast' must be a boolean");
	const recipients = body.recipients;
	if (recipients !== undefined) {
		if (!Array.isArray(recipients) || !recipients.every((r) => isRecord(r) && (isNonEmptyString(r.external_user_id) || parseAlias(r.user_alias) !== undefined))) {
			badRequest("'recipients' must be an array of objects with 'external_user_id' or 'user_alias'");
		}
		if (recipients.length > MAX_USERS) badRequest(`At most ${MAX_USERS} recipients are allowed per request`);
	}
	if (body.broadcast === true && recipients !== undefined) badRequest("'recipients' cannot be used when 'broadcast' is true");
	if (body.broadcast !== true && recipients === undefined && body.audience === undefined) badRequest('No Recipients');
	if (body[propertiesKey] !== undefined && !isRecord(body[propertiesKey])) badRequest(`'${propertiesKey}' must be an object`);
}

function targetOf(ctx: HandlerContext, kind: ScheduleKind, body: Record<string, unknown>): string | undefined {
	if (kind === 'campaign') {
		if (!isNonEmptyString(body.campaign_id)) badRequest("'campaign_id' is required");
		const c = ctx.state.catalog.campaign(body.campaign_id);
		if (!c || c.transactional || c.archived) badRequest('Invalid Campaign ID');
		return c.id;
	}
	if (kind === 'canvas') {
		if (!isNonEmptyString(body.canvas_id)) badRequest("'canvas_id' is required");
		const c = ctx.state.catalog.canvas(body.canvas_id);
		if (!c || c.archived) badRequest('Invalid Canvas ID');
		return c.id;
	}
	checkOptionalCampaign(ctx, body.campaign_id);
	return undefined;
}

function scheduleCreate(kind: ScheduleKind): Handler {
	return (ctx) => {
		const body = requireBody(ctx.body);
		const target = targetOf(ctx, kind, body);
		if (kind === 'messages') {
			messagesAudience(ctx, body);
			checkMessages(body.messages, true);
		} else triggerAudience(body, kind === 'campaign' ? 'trigger_properties' : 'canvas_entry_properties');
		const schedule = checkSchedule(ctx, body.schedule);
		const at = new Date(ctx.now).toISOString();
		const record: ScheduleRecord = { schedule_id: MessagingStore.newScheduleId(), dispatch_id: newDispatchId(), kind, target_id: target, schedule, body, created_at: at, updated_at: at };
		ctx.state.messaging.schedules.set(record.schedule_id, record);
		ctx.state.stats.apply(`${kind}_schedules`);
		return success({ dispatch_id: record.dispatch_id, schedule_id: record.schedule_id });
	};
}

/** The schedule named by schedule_id, of this kind and (for campaigns and Canvases) of this one. */
function existing(ctx: HandlerContext, kind: ScheduleKind, body: Record<string, unknown>): ScheduleRecord {
	if (kind === 'campaign' && !isNonEmptyString(body.campaign_id)) badRequest("'campaign_id' is required");
	if (kind === 'canvas' && !isNonEmptyString(body.canvas_id)) badRequest("'canvas_id' is required");
	if (!isNonEmptyString(body.schedule_id)) badRequest("'schedule_id' is required");
	const record = ctx.state.messaging.schedules.get(body.schedule_id);
	const owner = kind === 'campaign' ? body.campaign_id : kind === 'canvas' ? body.canvas_id : undefined;
	if (!record || record.kind !== kind || (owner !== undefined && record.target_id !== owner)) badRequest('Invalid schedule_id');
	return record;
}

function scheduleUpdate(kind: ScheduleKind): Handler {
	return (ctx) => {
		const body = requireBody(ctx.body);
		const record = existing(ctx, kind, body);
		record.schedule = checkSchedule(ctx, body.schedule);
		if (kind === 'messages') {
			const messages = checkMessages(body.messages, false);
			if (messages) record.body = { ...record.body, messages };
		}
		record.updated_at = new Date(ctx.now).toISOString();
		return success();
	};
}

function scheduleDelete(kind: ScheduleKind): Handler {
	return (ctx) => {
		const body = requireBody(ctx.body);
		ctx.state.messaging.schedules.delete(existing(ctx, kind, body).schedule_id);
		return success();
	};
}

export const messagesScheduleCreate = scheduleCreate('messages');
export const messagesScheduleUpdate = scheduleUpdate('messages');
export const messagesScheduleDelete = scheduleDelete('messages');
export const campaignsScheduleCreate = scheduleCreate('campaign');
export const campaignsScheduleUpdate = scheduleUpdate('campaign');
export const campaignsScheduleDelete = scheduleDelete('campaign');
export const canvasScheduleCreate = scheduleCreate('canvas');
export const canvasScheduleUpdate = scheduleUpdate('canvas');
export const canvasScheduleDelete = scheduleDelete('canvas');
