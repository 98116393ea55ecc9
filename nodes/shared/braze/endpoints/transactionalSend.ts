import type { IDataObject } from 'n8n-workflow';

import type { ChangeOf } from '../changes';
import { userKey } from '../identifiers';
import { SingleBucket } from './shapes';
import { type EndpointSpec, idempotent } from './spec';
import { sendData } from './triggerSend';

/** POST /transactional/v1/campaigns/{campaign_id}/send: one transactional email (permission `transactional.send`). */

type TransactionalSend = ChangeOf<'transactionalSend'>;

function transactionalBody(change: TransactionalSend): IDataObject {
	const { recipient } = change;
	return {
		...(change.externalSendId ? { external_send_id: change.externalSendId } : {}),
		...(change.triggerProperties ? { trigger_properties: change.triggerProperties as IDataObject } : {}),
		recipient: {
			...(recipient.external_id !== undefined
				? { external_user_id: recipient.external_id }
				: { user_alias: recipient.user_alias as IDataObject }),
			...(change.attributes ? { attributes: change.attributes as IDataObject } : {}),
		},
	};
}

export const transactionalSend: EndpointSpec<TransactionalSend> = {
	path: '/transactional/v1/campaigns/{campaign_id}/send',
	credential: 'brazeApi',
	// One email per request: nothing to share.
	requestKey: () => '',
	users: (change) => [userKey(change.recipient)],
	open: (change) =>
		new SingleBucket<TransactionalSend>(`/transactional/v1/campaigns/${encodeURIComponent(change.campaignId)}/send`, transactionalBody),
	dataOf: (_change, body) => sendData(body),
	// Braze deduplicates on external_send_id for 24 hours.
	appliesTwice: idempotent,
};
