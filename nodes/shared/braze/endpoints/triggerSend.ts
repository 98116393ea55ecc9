import type { IDataObject } from 'n8n-workflow';

import type { ChangeOf } from '../changes';
import { userKey } from '../identifiers';
import { TRIGGER_RECIPIENTS_PER_REQUEST } from '../limits';
import { ListBucket } from './shapes';
import type { EndpointSpec } from './spec';

/**
 * POST /campaigns/trigger/send (permission `campaigns.trigger.send`) and POST /canvas/trigger/send
 * (`canvas.trigger.send`): API-triggered sends. One file for both: their recipients are the same object.
 */

type CampaignSend = ChangeOf<'campaignSend'>;
type CanvasSend = ChangeOf<'canvasSend'>;

/** The recipient object of both endpoints. */
function triggerRecipient(change: CampaignSend | CanvasSend): IDataObject {
	const { recipient } = change;
	const who: IDataObject =
		recipient.external_id !== undefined
			? { external_user_id: recipient.external_id }
			: recipient.user_alias !== undefined
				? { user_alias: recipient.user_alias }
				: { email: recipient.email, prioritization: change.prioritization ?? ['most_recently_updated'] };
	const extra: IDataObject = {};
	if (change.type === 'campaignSend' && change.triggerProperties) extra.trigger_properties = change.triggerProperties as IDataObject;
	if (change.type === 'canvasSend' && change.context) extra.context = change.context as IDataObject;
	if (change.attributes) extra.attributes = change.attributes as IDataObject;
	if (change.sendToExistingOnly !== undefined) extra.send_to_existing_only = change.sendToExistingOnly;
	return { ...who, ...extra };
}

/** What a send answered: the dispatch id (one per request) and any notice, e.g. a paused Canvas. */
export function sendData(body: IDataObject): IDataObject {
	const data: IDataObject = {};
	for (const key of ['dispatch_id', 'status', 'notice']) if (body[key] !== undefined) data[key] = body[key];
	return data;
}

export const campaignTriggerSend: EndpointSpec<CampaignSend> = {
	path: '/campaigns/trigger/send',
	credential: 'brazeApi',
	// Recipients share a request only when the request-level fields are the same.
	requestKey: (change) => `${change.campaignId}:${change.sendId ?? ''}`,
	users: (change) => [userKey(change.recipient)],
	open: (change) =>
		new ListBucket<CampaignSend>({
			endpoint: '/campaigns/trigger/send',
			capacity: TRIGGER_RECIPIENTS_PER_REQUEST,
			toItem: (c) => ({ array: 'recipients', item: triggerRecipient(c) }),
			extraBody: { campaign_id: change.campaignId, ...(change.sendId ? { send_id: change.sendId } : {}) },
		}),
	dataOf: (_change, body) => sendData(body),
	appliesTwice: () => true,
};

export const canvasTriggerSend: EndpointSpec<CanvasSend> = {
	path: '/canvas/trigger/send',
	credential: 'brazeApi',
	requestKey: (change) => change.canvasId,
	users: (change) => [userKey(change.recipient)],
	open: (change) =>
		new ListBucket<CanvasSend>({
			endpoint: '/canvas/trigger/send',
			capacity: TRIGGER_RECIPIENTS_PER_REQUEST,
			toItem: (c) => ({ array: 'recipients', item: triggerRecipient(c) }),
			extraBody: { canvas_id: change.canvasId },
		}),
	dataOf: (_change, body) => sendData(body),
	appliesTwice: () => true,
};
