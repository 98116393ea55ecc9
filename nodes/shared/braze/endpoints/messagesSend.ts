import type { IDataObject } from 'n8n-workflow';

import type { ChangeOf } from '../changes';
import { userKey } from '../identifiers';
import { MESSAGE_RECIPIENTS_PER_REQUEST } from '../limits';
import { ListBucket } from './shapes';
import type { EndpointSpec } from './spec';
import { sendData } from './triggerSend';

/**
 * POST /messages/send (permission `messages.send`): a message defined in the request itself, to up
 * to 50 users a request (`external_user_ids`, `user_aliases`). The broadcast to a segment is not a
 * change: the Send Now operation sends it once per execution, after its confirmation.
 */

type MessageSend = ChangeOf<'messageSend'>;

/** The request-wide fields: recipients share a request only when these are the same. */
export function messageFields(change: { messages?: unknown; campaignId?: string; sendId?: string }): IDataObject {
	return {
		...(change.campaignId ? { campaign_id: change.campaignId } : {}),
		...(change.sendId ? { send_id: change.sendId } : {}),
		...(change.messages !== undefined ? { messages: change.messages as IDataObject } : {}),
	};
}

export const messagesSend: EndpointSpec<MessageSend> = {
	path: '/messages/send',
	credential: 'brazeApi',
	requestKey: (change) => JSON.stringify(messageFields(change)),
	users: (change) => [userKey(change.recipient)],
	open: (change) =>
		new ListBucket<MessageSend>({
			endpoint: '/messages/send',
			capacity: MESSAGE_RECIPIENTS_PER_REQUEST,
			toItem: ({ recipient }) =>
				recipient.external_id !== undefined
					? { array: 'external_user_ids', item: recipient.external_id }
					: { array: 'user_aliases', item: recipient.user_alias as IDataObject },
			extraBody: messageFields(change),
		}),
	dataOf: (_change, body) => sendData(body),
	// A message sent again is a second message.
	appliesTwice: () => true,
};
