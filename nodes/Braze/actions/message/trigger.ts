import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { BrazeTransport } from '../../../shared/braze/transport';
import { type Presenter, executeChanges } from '../executeChanges';
import { broadcastFailure, confirmBroadcastFields } from '../campaign/scheduling';
import { jsonObject, locatorProperty, readLocator, readObject, readSendingOptions, readUserIdentifier, userIdentifierFields } from '../helpers';

export interface TriggerKind {
	/** The resource locator's parameter name and Braze's body field. */
	idParameter: 'campaignId' | 'canvasId';
	idField: 'campaign_id' | 'canvas_id';
	/** The per-recipient / broadcast properties: parameter name and Braze's field. */
	propertiesParameter: 'triggerProperties' | 'canvasContext';
	propertiesField: 'trigger_properties' | 'context';
	changeType: 'campaignSend' | 'canvasSend';
	endpoint: '/campaigns/trigger/send' | '/canvas/trigger/send';
	thing: 'campaign' | 'Canvas';
}

/** Braze's trigger recipients take these identifiers. */
const RECIPIENT_KINDS = ['external_id', 'user_alias', 'email'];

/** The fields of a trigger operation, with their own conditions only: the operation adds resource and operation. */
export function triggerFields(kind: TriggerKind): INodeProperties[] {
	const showRecipients = { sendTo: ['recipients'] };
	const showBroadcast = { sendTo: ['broadcast'] };
	const propertiesLabel = kind.changeType === 'campaignSend' ? 'Trigger Properties' : 'Context';
	return [
		locatorProperty({
			displayName: kind.thing === 'campaign' ? 'Campaign' : 'Canvas',
			name: kind.idParameter,
			searchListMethod: kind.changeType === 'campaignSend' ? 'searchApiCampaigns' : 'searchCanvases',
			thing: kind.thing,
			description: `An API-triggered ${kind.thing} (its delivery is set to API-Triggered in Braze)`,
		}),
		{
			displayName: 'Send To',
			name: 'sendTo',
			type: 'options',
			options: [
				{
					name: 'User of Each Item',
					value: 'recipients',
					description: 'Each input item names one recipient; up to 50 go in one request',
				},
				{
					name: `Entire ${kind.thing === 'campaign' ? 'Campaign' : 'Canvas'} Audience (Broadcast)`,
					value: 'broadcast',
					description: `Everyone in the ${kind.thing}'s segment, once per execution`,
				},
			],
			default: 'recipients',
		},
		...updateDisplayOptions({ show: showRecipients }, userIdentifierFields(RECIPIENT_KINDS)),
		...confirmBroadcastFields(
			'broadcastNotice',
			`A broadcast messages every user in the ${kind.thing}'s audience. It is sent once per execution, whatever the number of input items, and the node refuses to send it until Confirm Broadcast is on.`,
			`Whether to really message the ${kind.thing}'s whole audience`,
			showBroadcast,
		),
		{
			displayName: `${propertiesLabel} (JSON)`,
			name: kind.propertiesParameter,
			type: 'json',
			default: '{}',
			description:
				kind.changeType === 'campaignSend'
					? 'Values for Liquid in the message as {{api_trigger_properties.${name}}}, e.g. {"order_id": "A-1"}'
					: 'Canvas context for Liquid as {{context.${name}}}, at most 50 KB, e.g. {"plan": "pro"}',
		},
		{
			displayName: 'Options',
			name: 'recipientOptions',
			type: 'collection',
			placeholder: 'Add option',
			default: {},
			displayOptions: { show: showRecipients },
			options: [
				{
					displayName: 'Attributes (JSON)',
					name: 'attributes',
					type: 'json',
					default: '{}',
					description: 'Profile attributes Braze sets on the recipient just before sending, e.g. {"first_name": "Ann"}',
				},
				{
					displayName: 'Match Email To',
					name: 'prioritization',
					type: 'options',
					options: [
						{ name: 'Most Recently Updated Anonymous User', value: 'unidentified,most_recently_updated' },
						{ name: 'Most Recently Updated Identified User', value: 'identified,most_recently_updated' },
						{ name: 'Most Recently Updated User', value: 'most_recently_updated' },
					],
					default: 'most_recently_updated',
					description: 'Which profile Braze messages when several share the recipient\'s email',
				},
				...(kind.changeType === 'campaignSend'
					? [
							{
								displayName: 'Send ID',
								name: 'sendId',
								type: 'string' as const,
								default: '',
								placeholder: 'e.g. spring-launch',
								description: 'Groups the sends for analytics in Braze (send_id)',
							},
						]
					: []),
				{
					displayName: 'Send to Existing Users Only',
					name: 'sendToExistingOnly',
					type: 'boolean',
					default: true,
					description: 'Whether to skip recipients Braze does not know; turning it off creates them from the attributes (not for user aliases)',
				},
			],
		},
	];
}

function buildRecipientChanges(kind: TriggerKind) {
	return function (this: IExecuteFunctions, i: number): unknown[] {
		const options = this.getNodeParameter('recipientOptions', i, {}) as IDataObject;
		const properties = readObject(this, kind.propertiesParameter, kind.changeType === 'campaignSend' ? 'Trigger Properties' : 'Context', i);
		const attributes = options.attributes === undefined ? undefined : jsonObject(options.attributes, 'Attributes');
		const recipient = readUserIdentifier(this, i, RECIPIENT_KINDS);
		const sendId = String(options.sendId ?? '').trim();
		return [
			{
				type: kind.changeType,
				[kind.changeType === 'campaignSend' ? 'campaignId' : 'canvasId']: readLocator(this, kind.idParameter, i),
				recipient,
				...(recipient.email !== undefined && options.prioritization ? { prioritization: String(options.prioritization).split(',') } : {}),
				...(properties ? { [kind.changeType === 'campaignSend' ? 'triggerProperties' : 'context']: properties } : {}),
				...(attributes ? { attributes } : {}),
				...(options.sendToExistingOnly === false ? { sendToExistingOnly: false } : {}),
				...(sendId && kind.changeType === 'campaignSend' ? { sendId } : {}),
			},
		];
	};
}

const presentSend: Presenter = (_i, { changes, outcomes }) => {
	const change = changes[0] as { recipient: IDataObject; campaignId?: string; canvasId?: string };
	const data = outcomes[0]?.data ?? {};
	return {
		success: true,
		...(change.campaignId ? { campaign_id: change.campaignId } : { canvas_id: change.canvasId }),
		recipient: change.recipient,
		...data,
	};
};

/** Sends to the whole audience once, guarded by Confirm Broadcast; one output paired with every item. */
async function broadcast(ctx: IExecuteFunctions, kind: TriggerKind): Promise<INodeExecutionData[][]> {
	const pairedItem = ctx.getInputData().map((_item, item) => ({ item }));
	const fail = broadcastFailure(ctx);
	if (!ctx.getNodeParameter('confirmBroadcast', 0, false)) {
		return fail(
			new NodeOperationError(ctx.getNode(), `Broadcast not confirmed: nothing was sent`, {
				description: `Turn on Confirm Broadcast to message the ${kind.thing}'s whole audience, or set Send To to User of Each Item`,
			}),
		);
	}
	let body: IDataObject;
	try {
		const properties = readObject(ctx, kind.propertiesParameter, kind.changeType === 'campaignSend' ? 'Trigger Properties' : 'Context', 0);
		const id = readLocator(ctx, kind.idParameter, 0);
		if (!id) throw new Error(`${kind.thing === 'campaign' ? 'Campaign' : 'Canvas'} is empty: pick one from the list or give its ID`);
		body = { [kind.idField]: id, broadcast: true, ...(properties ? { [kind.propertiesField]: properties } : {}) };
	} catch (error) {
		return fail(new NodeOperationError(ctx.getNode(), (error as Error).message, { itemIndex: 0, description: 'Nothing was broadcast.' }));
	}
	const transport = new BrazeTransport(ctx, readSendingOptions(ctx));
	const result = await transport.call({ method: 'POST', endpoint: kind.endpoint, credential: 'brazeApi', body });
	if (!result.ok) {
		return fail(
			new NodeOperationError(ctx.getNode(), `${kind.endpoint}: ${result.error ?? 'Braze did not answer'}`, {
				description: 'Nothing was broadcast. A broadcast needs the trigger permission of the key and an API-triggered, active audience.',
			}),
		);
	}
	const answer = result.body ?? {};
	return [
		[
			{
				json: {
					success: true,
					broadcast: true,
					[kind.idField]: body[kind.idField],
					...(answer.dispatch_id !== undefined ? { dispatch_id: answer.dispatch_id } : {}),
					...(answer.notice !== undefined ? { notice: answer.notice } : {}),
				},
				pairedItem,
			},
		],
	];
}

export function triggerExecute(kind: TriggerKind) {
	const build = buildRecipientChanges(kind);
	return async function (this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		if (this.getNodeParameter('sendTo', 0, 'recipients') === 'broadcast') return await broadcast(this, kind);
		return await executeChanges.call(this, build.bind(this), presentSend);
	};
}
