import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties, NodeOperationError } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { failureJson } from '../../../shared/itemErrors';
import type { Presenter } from '../executeChanges';
import { jsonObject, locatorProperty, readList, readLocator, readObject } from '../helpers';

/**
 * Scheduled sends of campaigns, Canvases and API messages (Create, Update, Delete Schedule): one
 * schedule per input item, each its own request through the shared pipeline. Create answers the
 * schedule_id that Update and Delete take.
 */

export type ScheduleOwner = 'messages' | 'campaign' | 'canvas';

const OWNER = {
	campaign: { idParameter: 'campaignId', label: 'Campaign', search: 'searchApiCampaigns', thing: 'campaign', changePrefix: 'campaignSchedule', idKey: 'campaignId' },
	canvas: { idParameter: 'canvasId', label: 'Canvas', search: 'searchCanvases', thing: 'Canvas', changePrefix: 'canvasSchedule', idKey: 'canvasId' },
	messages: { idParameter: '', label: '', search: 'searchSegments', thing: 'segment', changePrefix: 'messageSchedule', idKey: '' },
} as const;

function ownerField(owner: ScheduleOwner): INodeProperties[] {
	if (owner === 'messages') return [];
	const o = OWNER[owner];
	return [locatorProperty({ displayName: o.label, name: o.idParameter, searchListMethod: o.search, thing: o.thing, description: `An API-triggered ${o.thing}` })];
}

const scheduleIdField: INodeProperties = {
	displayName: 'Schedule ID',
	name: 'scheduleId',
	type: 'string',
	default: '',
	required: true,
	placeholder: 'e.g. 6f3c0a7e2b1d4c5a9e8f7d6c',
	description: 'The schedule_id that Create Schedule returned',
};

const timeFields: INodeProperties[] = [
	{
		displayName: 'Send At',
		name: 'sendAt',
		type: 'dateTime',
		default: '',
		required: true,
		description: 'When to send, at most 90 days ahead',
	},
	{
		displayName: 'Timing',
		name: 'timing',
		type: 'options',
		options: [
			{ name: 'At This Time', value: 'exact' },
			{ name: 'In Each User\'s Local Time', value: 'local', description: 'Send At read as each user\'s own clock time' },
			{ name: 'At Each User\'s Optimal Time', value: 'optimal', description: 'On Send At\'s day, when each user is most likely to engage' },
		],
		default: 'exact',
	},
];

/** Braze's messages object, for Send Now and the message schedules. */
export const messagesField: INodeProperties = {
	displayName: 'Messages (JSON)',
	name: 'messages',
	type: 'json',
	default: '{}',
	required: true,
	description: 'Braze\'s messages object, one key per channel, e.g. {"email": {"app_id": "...", "subject": "Hi", "body": "<p>Hi</p>"}}',
};

type Condition = Record<string, string[]>;

/** The segment a message broadcast goes to. */
export function segmentBroadcastField(show: Condition): INodeProperties {
	return { ...locatorProperty({ displayName: 'Segment', name: 'segmentId', searchListMethod: 'searchSegments', thing: 'segment' }), displayOptions: { show } };
}

/** The warning and the switch a broadcast needs before the node sends it. */
export function confirmBroadcastFields(noticeName: string, notice: string, confirm: string, show: Condition): INodeProperties[] {
	return [
		{ displayName: notice, name: noticeName, type: 'notice', default: '', displayOptions: { show } },
		{ displayName: 'Confirm Broadcast', name: 'confirmBroadcast', type: 'boolean', default: false, description: confirm, displayOptions: { show } },
	];
}

/**
 * How a broadcast that sent nothing ends: thrown, or with Continue On Fail one error item paired with
 * every input item, so n8n routes it to the error output and the input never flows on as success.
 */
export function broadcastFailure(ctx: IExecuteFunctions): (error: NodeOperationError) => INodeExecutionData[][] {
	const pairedItem = ctx.getInputData().map((_item, item) => ({ item }));
	return (error) => {
		if (!ctx.continueOnFail()) throw error;
		return [[{ json: failureJson(ctx, error.message), pairedItem }]];
	};
}

function audienceFields(owner: ScheduleOwner): INodeProperties[] {
	const everyone = owner === 'messages' ? 'Segment (Broadcast)' : `Entire ${OWNER[owner].label} Audience (Broadcast)`;
	const showBroadcast = { audience: ['broadcast'] };
	return [
		{
			displayName: 'Audience',
			name: 'audience',
			type: 'options',
			options: [
				{ name: 'Listed Users', value: 'users', description: 'Up to 50 external IDs' },
				{ name: everyone, value: 'broadcast' },
			],
			default: 'users',
		},
		{
			displayName: 'External User IDs',
			name: 'externalUserIds',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. user-123, user-456',
			description: 'Comma-separated, or an array from an expression; at most 50',
			displayOptions: { show: { audience: ['users'] } },
		},
		...(owner === 'messages' ? [segmentBroadcastField(showBroadcast)] : []),
		...confirmBroadcastFields(
			'scheduleBroadcastNotice',
			`A broadcast schedules a message to everyone in the ${owner === 'messages' ? 'segment' : `${OWNER[owner].thing}'s audience`}. The node refuses to schedule it until Confirm Broadcast is on.`,
			'Whether to really schedule a message to the whole audience',
			showBroadcast,
		),
	];
}

function createOptions(owner: ScheduleOwner): INodeProperties {
	const options: INodeProperties[] = [];
	if (owner === 'campaign') {
		options.push({ displayName: 'Trigger Properties (JSON)', name: 'triggerProperties', type: 'json', default: '{}', description: 'Values for Liquid as {{api_trigger_properties.${name}}}, e.g. {"coupon": "SPRING"}' });
	}
	if (owner === 'canvas') {
		options.push({ displayName: 'Entry Properties (JSON)', name: 'entryProperties', type: 'json', default: '{}', description: 'Values for Liquid as {{canvas_entry_properties.${name}}}, e.g. {"plan": "pro"}' });
	}
	if (owner === 'messages') {
		options.push({ displayName: 'Campaign ID', name: 'campaignId', type: 'string', default: '', placeholder: 'e.g. 8f1c2a10-0000-4000-8000-000000000001', description: 'An API campaign to count the send under, for analytics' });
	}
	if (owner !== 'canvas') {
		options.push({ displayName: 'Send ID', name: 'sendId', type: 'string', default: '', placeholder: 'e.g. spring-launch', description: 'Groups the sends for analytics in Braze (send_id)' });
	}
	return { displayName: 'Options', name: 'scheduleOptions', type: 'collection', placeholder: 'Add option', default: {}, options };
}

export function scheduleDescription(owner: ScheduleOwner, action: 'create' | 'update' | 'delete', operation: string): INodeProperties[] {
	const resource = owner === 'messages' ? 'message' : owner;
	const properties =
		action === 'create'
			? [...ownerField(owner), ...audienceFields(owner), ...(owner === 'messages' ? [messagesField] : []), ...timeFields, createOptions(owner)]
			: action === 'update'
				? [...ownerField(owner), scheduleIdField, ...timeFields, ...(owner === 'messages' ? [{ ...messagesField, required: false, description: 'New message content, or {} to keep it' }] : [])]
				: [...ownerField(owner), scheduleIdField];
	return updateDisplayOptions({ show: { resource: [resource], operation: [operation] } }, properties);
}

function readSchedule(ctx: IExecuteFunctions, i: number): IDataObject {
	const raw = String(ctx.getNodeParameter('sendAt', i, '') ?? '').trim();
	const ms = Date.parse(raw);
	if (!raw || Number.isNaN(ms)) throw new Error('Send At must be a date and time, e.g. 2026-12-01T09:00:00Z');
	const timing = ctx.getNodeParameter('timing', i, 'exact');
	// Braze reads a local-time schedule as wall-clock time: keep what the user picked, zone and all.
	return { time: raw, ...(timing === 'local' ? { inLocalTime: true } : {}), ...(timing === 'optimal' ? { atOptimalTime: true } : {}) };
}

function readOwnerId(ctx: IExecuteFunctions, owner: ScheduleOwner, i: number): IDataObject {
	if (owner === 'messages') return {};
	const id = readLocator(ctx, OWNER[owner].idParameter, i);
	if (!id) throw new Error(`${OWNER[owner].label} is empty: pick one from the list or give its ID`);
	return { [OWNER[owner].idKey]: id };
}

function readAudience(ctx: IExecuteFunctions, owner: ScheduleOwner, i: number): IDataObject {
	if (ctx.getNodeParameter('audience', i, 'users') === 'users') return { recipients: readList(ctx.getNodeParameter('externalUserIds', i, '')) };
	if (!ctx.getNodeParameter('confirmBroadcast', i, false)) {
		throw new Error('Broadcast not confirmed: nothing was scheduled. Turn on Confirm Broadcast, or set Audience to Listed Users');
	}
	if (owner !== 'messages') return { broadcast: true };
	const segmentId = readLocator(ctx, 'segmentId', i);
	if (!segmentId) throw new Error('Segment is empty: pick one from the list or give its ID');
	return { segmentId };
}

export function scheduleBuilder(owner: ScheduleOwner, action: 'create' | 'update' | 'delete') {
	const type = `${OWNER[owner].changePrefix}${action[0].toUpperCase()}${action.slice(1)}`;
	return function (this: IExecuteFunctions, i: number): unknown[] {
		const change: IDataObject = { type, ...readOwnerId(this, owner, i) };
		if (action !== 'create') change.scheduleId = String(this.getNodeParameter('scheduleId', i, '')).trim();
		if (action !== 'delete') change.schedule = readSchedule(this, i);
		if (owner === 'messages' && action !== 'delete') {
			const messages = readObject(this, 'messages', 'Messages', i);
			if (messages) change.messages = messages;
		}
		if (action === 'create') {
			Object.assign(change, readAudience(this, owner, i));
			const options = this.getNodeParameter('scheduleOptions', i, {}) as IDataObject;
			for (const key of ['campaignId', 'sendId']) if (String(options[key] ?? '').trim()) change[key] = String(options[key]).trim();
			for (const [key, label] of [['triggerProperties', 'Trigger Properties'], ['entryProperties', 'Entry Properties']] as const) {
				if (options[key] === undefined) continue;
				const value = jsonObject(options[key], label);
				if (value) change[key] = value;
			}
		}
		return [change];
	};
}

export const presentSchedule: Presenter = (_i, { changes, outcomes }) => {
	const change = changes[0] as { scheduleId?: string; type: string };
	return {
		success: true,
		...(change.type.endsWith('Delete') ? { deleted: true } : {}),
		...(change.scheduleId ? { schedule_id: change.scheduleId } : {}),
		...(outcomes[0]?.data ?? {}),
	};
};
