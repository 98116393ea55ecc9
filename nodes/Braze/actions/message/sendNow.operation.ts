import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { messageFields } from '../../../shared/braze/endpoints/messagesSend';
import { BrazeTransport } from '../../../shared/braze/transport';
import { type Presenter, executeChanges } from '../executeChanges';
import { broadcastFailure, confirmBroadcastFields, messagesField, segmentBroadcastField } from '../campaign/scheduling';
import { jsonObject, readLocator, readSendingOptions, readUserIdentifier, userIdentifierFields } from '../helpers';

/**
 * Message > Send Now: POST /messages/send with the message defined here (`messages`, one key per
 * channel). To users of the input items (up to 50 a request, through the planner), or once per
 * execution to a whole segment, which needs Confirm Broadcast.
 */

const displayOptions = { show: { resource: ['message'], operation: ['sendNow'] } };
const showSegment = { sendTo: ['segment'] };

const properties: INodeProperties[] = [
	{
		displayName: 'Send To',
		name: 'sendTo',
		type: 'options',
		options: [
			{ name: 'User of Each Item', value: 'recipients', description: 'Each input item names one recipient; up to 50 go in one request' },
			{ name: 'Segment (Broadcast)', value: 'segment', description: 'Everyone in a segment, once per execution' },
		],
		default: 'recipients',
	},
	...updateDisplayOptions({ show: { sendTo: ['recipients'] } }, userIdentifierFields(['external_id', 'user_alias'])),
	segmentBroadcastField(showSegment),
	...confirmBroadcastFields(
		'sendNowBroadcastNotice',
		'A broadcast messages every user in the segment. It is sent once per execution, whatever the number of input items, and the node refuses to send it until Confirm Broadcast is on.',
		'Whether to really message the whole segment',
		showSegment,
	),
	messagesField,
	{
		displayName: 'Options',
		name: 'sendNowOptions',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			{ displayName: 'Campaign ID', name: 'campaignId', type: 'string', default: '', placeholder: 'e.g. 8f1c2a10-0000-4000-8000-000000000001', description: 'An API campaign to count the send under, for analytics' },
			{ displayName: 'Send ID', name: 'sendId', type: 'string', default: '', placeholder: 'e.g. spring-launch', description: 'Groups the sends for analytics in Braze (send_id)' },
		],
	},
];

export const description = updateDisplayOptions(displayOptions, properties);

function readShared(ctx: IExecuteFunctions, i: number): IDataObject {
	const options = ctx.getNodeParameter('sendNowOptions', i, {}) as IDataObject;
	const messages = jsonObject(ctx.getNodeParameter('messages', i, '{}'), 'Messages');
	if (!messages) throw new Error('Messages is empty: give at least one channel, e.g. {"email": {...}}');
	return {
		messages,
		...(String(options.campaignId ?? '').trim() ? { campaignId: String(options.campaignId).trim() } : {}),
		...(String(options.sendId ?? '').trim() ? { sendId: String(options.sendId).trim() } : {}),
	};
}

function buildChanges(this: IExecuteFunctions, i: number): unknown[] {
	return [{ type: 'messageSend', recipient: readUserIdentifier(this, i), ...readShared(this, i) }];
}

const present: Presenter = (_i, { changes, outcomes }) => ({
	success: true,
	recipient: (changes[0] as { recipient: IDataObject }).recipient,
	...(outcomes[0]?.data ?? {}),
});

/** Once per execution, to the segment: one output paired with every input item. */
async function broadcast(ctx: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const pairedItem = ctx.getInputData().map((_item, item) => ({ item }));
	const fail = broadcastFailure(ctx);
	if (!ctx.getNodeParameter('confirmBroadcast', 0, false)) {
		return fail(
			new NodeOperationError(ctx.getNode(), 'Broadcast not confirmed: nothing was sent', {
				description: 'Turn on Confirm Broadcast to message the whole segment, or set Send To to User of Each Item',
			}),
		);
	}
	let body: IDataObject;
	try {
		const segmentId = readLocator(ctx, 'segmentId', 0);
		if (!segmentId) throw new Error('Segment is empty: pick one from the list or give its ID');
		body = { segment_id: segmentId, broadcast: true, ...messageFields(readShared(ctx, 0)) };
	} catch (error) {
		return fail(new NodeOperationError(ctx.getNode(), (error as Error).message, { itemIndex: 0, description: 'Nothing was broadcast.' }));
	}
	const result = await new BrazeTransport(ctx, readSendingOptions(ctx)).call({ method: 'POST', endpoint: '/messages/send', credential: 'brazeApi', body });
	if (!result.ok) {
		return fail(
			new NodeOperationError(ctx.getNode(), `/messages/send: ${result.error ?? 'Braze did not answer'}`, {
				description: 'Nothing was broadcast. A broadcast needs the messages.send permission and a segment of the workspace.',
			}),
		);
	}
	const dispatchId = result.body?.dispatch_id;
	return [[{ json: { success: true, broadcast: true, segment_id: body.segment_id, ...(dispatchId !== undefined ? { dispatch_id: dispatchId } : {}) }, pairedItem }]];
}

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	if (this.getNodeParameter('sendTo', 0, 'recipients') === 'segment') return await broadcast(this);
	return await executeChanges.call(this, buildChanges.bind(this), present);
}
