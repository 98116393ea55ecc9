import type { IDataObject } from 'n8n-workflow';

import type { BrazeChange, ChangeOf } from '../changes';
import { SingleBucket } from './shapes';
import { type EndpointSpec, idempotent } from './spec';
import { messageFields } from './messagesSend';

/**
 * The scheduled sends, one request per schedule (each item creates, moves or cancels one):
 * /messages/schedule/{create,update,delete} (`messages.schedule.*`),
 * /campaigns/trigger/schedule/{create,update,delete} (`campaigns.trigger.schedule.*`),
 * /canvas/trigger/schedule/{create,update,delete} (`canvas.trigger.schedule.*`).
 * Create answers `schedule_id` (and `dispatch_id`): the handle the update and delete take.
 */

interface ScheduleFields {
	schedule: { time: string; inLocalTime?: boolean; atOptimalTime?: boolean };
}

/** Braze's schedule object. */
function scheduleBody({ schedule }: ScheduleFields): IDataObject {
	return {
		time: schedule.time,
		...(schedule.inLocalTime !== undefined ? { in_local_time: schedule.inLocalTime } : {}),
		...(schedule.atOptimalTime !== undefined ? { at_optimal_time: schedule.atOptimalTime } : {}),
	};
}

/** Whom a schedule of a campaign or Canvas goes to: listed users, or the whole audience. */
function audienceBody(change: { recipients?: string[]; broadcast?: true }): IDataObject {
	if (change.broadcast) return { broadcast: true };
	return { recipients: (change.recipients ?? []).map((id) => ({ external_user_id: id })) };
}

/** What a schedule answer says: its id, for the update and delete. */
function scheduleData(body: IDataObject): IDataObject {
	const data: IDataObject = {};
	for (const key of ['schedule_id', 'dispatch_id', 'notice']) if (body[key] !== undefined) data[key] = body[key];
	return data;
}

function scheduleSpec<C extends BrazeChange>(path: string, toBody: (change: C) => IDataObject, creates: boolean): EndpointSpec<C> {
	return {
		path,
		credential: 'brazeApi',
		requestKey: () => '',
		// Schedules are not users: nothing to order beyond each item's own changes.
		users: () => [],
		open: () => new SingleBucket<C>(path, toBody),
		dataOf: (_change, body) => scheduleData(body),
		// A create sent twice makes two schedules; moving or cancelling one twice is the same as once.
		appliesTwice: creates ? () => true : idempotent,
	};
}

export const messagesScheduleCreate = scheduleSpec<ChangeOf<'messageScheduleCreate'>>(
	'/messages/schedule/create',
	(c) => ({
		...(c.segmentId ? { segment_id: c.segmentId, broadcast: true } : { external_user_ids: c.recipients }),
		...messageFields(c),
		schedule: scheduleBody(c),
	}),
	true,
);

export const messagesScheduleUpdate = scheduleSpec<ChangeOf<'messageScheduleUpdate'>>(
	'/messages/schedule/update',
	(c) => ({ schedule_id: c.scheduleId, schedule: scheduleBody(c), ...(c.messages ? { messages: c.messages as IDataObject } : {}) }),
	false,
);

export const messagesScheduleDelete = scheduleSpec<ChangeOf<'messageScheduleDelete'>>('/messages/schedule/delete', (c) => ({ schedule_id: c.scheduleId }), false);

export const campaignsScheduleCreate = scheduleSpec<ChangeOf<'campaignScheduleCreate'>>(
	'/campaigns/trigger/schedule/create',
	(c) => ({
		campaign_id: c.campaignId,
		...(c.sendId ? { send_id: c.sendId } : {}),
		...audienceBody(c),
		...(c.triggerProperties ? { trigger_properties: c.triggerProperties as IDataObject } : {}),
		schedule: scheduleBody(c),
	}),
	true,
);

export const campaignsScheduleUpdate = scheduleSpec<ChangeOf<'campaignScheduleUpdate'>>(
	'/campaigns/trigger/schedule/update',
	(c) => ({ campaign_id: c.campaignId, schedule_id: c.scheduleId, schedule: scheduleBody(c) }),
	false,
);

export const campaignsScheduleDelete = scheduleSpec<ChangeOf<'campaignScheduleDelete'>>(
	'/campaigns/trigger/schedule/delete',
	(c) => ({ campaign_id: c.campaignId, schedule_id: c.scheduleId }),
	false,
);

export const canvasScheduleCreate = scheduleSpec<ChangeOf<'canvasScheduleCreate'>>(
	'/canvas/trigger/schedule/create',
	(c) => ({
		canvas_id: c.canvasId,
		...audienceBody(c),
		...(c.entryProperties ? { canvas_entry_properties: c.entryProperties as IDataObject } : {}),
		schedule: scheduleBody(c),
	}),
	true,
);

export const canvasScheduleUpdate = scheduleSpec<ChangeOf<'canvasScheduleUpdate'>>(
	'/canvas/trigger/schedule/update',
	(c) => ({ canvas_id: c.canvasId, schedule_id: c.scheduleId, schedule: scheduleBody(c) }),
	false,
);

export const canvasScheduleDelete = scheduleSpec<ChangeOf<'canvasScheduleDelete'>>(
	'/canvas/trigger/schedule/delete',
	(c) => ({ canvas_id: c.canvasId, schedule_id: c.scheduleId }),
	false,
);
