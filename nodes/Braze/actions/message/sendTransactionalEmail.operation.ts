import { createHash } from 'crypto';
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { ChangeOf } from '../../../shared/braze/changes';
import type { Presenter } from '../executeChanges';
import { jsonObject, locatorProperty, readLocator, readObject } from '../helpers';

const displayOptions = { show: { resource: ['message'], operation: ['sendTransactionalEmail'] } };

const properties: INodeProperties[] = [
	locatorProperty({
		displayName: 'Campaign',
		name: 'campaignId',
		searchListMethod: 'searchApiCampaigns',
		thing: 'campaign',
		description:
			'A Transactional Email campaign (Braze packages that include Transactional Email only). The list shows API campaigns: Braze\'s campaign list does not mark transactional ones.',
	}),
	{
		displayName: 'Recipient External ID',
		name: 'recipientExternalId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. user-123',
		description: 'The one user this email goes to',
	},
	{
		displayName: 'Trigger Properties (JSON)',
		name: 'triggerProperties',
		type: 'json',
		default: '{}',
		description: 'Values for Liquid in the email as {{event_properties.${name}}}, e.g. {"order_id": "A-1", "total": "9.99"}',
	},
	{
		displayName: 'External Send ID',
		name: 'externalSendId',
		type: 'string',
		default: '',
		placeholder: 'e.g. order-A-1-receipt',
		description:
			'Braze sends only once per ID within 24 hours. Empty derives one from the execution and the item, so retries of this node never send twice; letters, digits and - _ + / = only.',
	},
	{
		displayName: 'Options',
		name: 'transactionalOptions',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			{
				displayName: 'Recipient Attributes (JSON)',
				name: 'recipientAttributes',
				type: 'json',
				default: '{}',
				description: 'Profile attributes Braze sets before sending; on an unknown external ID they create the user, e.g. {"email": "ann@example.com"}',
			},
		],
	},
];

export const description = updateDisplayOptions(displayOptions, properties);

/**
 * A send ID that stays the same when n8n runs this node again for the same item of the same
 * execution (Retry On Fail, or the transport retrying after a lost answer), so Braze sends once.
 */
export function defaultExternalSendId(ctx: IExecuteFunctions, itemIndex: number, campaignId: string, recipient: string): string | undefined {
	const executionId = typeof ctx.getExecutionId === 'function' ? ctx.getExecutionId() : undefined;
	// Without an execution to anchor it, a fixed ID would block legitimate sends for 24 hours.
	if (!executionId) return undefined;
	const node = ctx.getNode();
	const digest = createHash('sha256')
		.update(JSON.stringify([executionId, node.id ?? node.name, itemIndex, campaignId, recipient]))
		.digest('base64')
		.replace(/\+/g, '-')
		.replace(/\//g, '_')
		.replace(/=+$/, '');
	return `n8n-${digest.slice(0, 40)}`;
}

export function buildChanges(this: IExecuteFunctions, i: number): unknown[] {
	const campaignId = readLocator(this, 'campaignId', i);
	const externalId = String(this.getNodeParameter('recipientExternalId', i, '')).trim();
	const triggerProperties = readObject(this, 'triggerProperties', 'Trigger Properties', i);
	const options = this.getNodeParameter('transactionalOptions', i, {}) as { recipientAttributes?: unknown };
	const attributes = jsonObject(options.recipientAttributes, 'Recipient Attributes');
	const given = String(this.getNodeParameter('externalSendId', i, '')).trim();
	const externalSendId = given || defaultExternalSendId(this, i, campaignId, externalId);
	return [
		{
			type: 'transactionalSend',
			campaignId,
			recipient: { external_id: externalId },
			...(externalSendId ? { externalSendId } : {}),
			...(triggerProperties ? { triggerProperties } : {}),
			...(attributes ? { attributes } : {}),
		},
	];
}

export const present: Presenter = (_i, { changes, outcomes }) => {
	const change = changes[0] as ChangeOf<'transactionalSend'>;
	return {
		success: true,
		campaign_id: change.campaignId,
		external_user_id: change.recipient.external_id,
		...(change.externalSendId ? { external_send_id: change.externalSendId } : {}),
		...(outcomes[0]?.data ?? {}),
	};
};
