import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { ChangeOf } from '../../../shared/braze/changes';
import type { Presenter } from '../executeChanges';
import { readList, SUBSCRIPTION_USER_KINDS, readUserIdentifier, userIdentifierFields } from '../helpers';

const displayOptions = { show: { resource: ['subscription'], operation: ['setStatus'] } };

const properties: INodeProperties[] = [
	...userIdentifierFields(SUBSCRIPTION_USER_KINDS),
	{
		displayName: 'Subscription Group IDs',
		name: 'subscriptionGroupIds',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. 8a2c6b3e-1b2c-4d5e-8f90-123456789abc',
		description: 'One or more subscription group IDs, comma-separated (Braze > Audience > Subscriptions)',
	},
	{
		displayName: 'Subscription State',
		name: 'subscriptionState',
		type: 'options',
		options: [
			{ name: 'Subscribed', value: 'subscribed' },
			{ name: 'Unsubscribed', value: 'unsubscribed' },
		],
		default: 'subscribed',
	},
	{
		displayName: 'Options',
		name: 'subscriptionOptions',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			{
				displayName: 'Use Double Opt-In Logic',
				name: 'useDoubleOptIn',
				type: 'boolean',
				default: false,
				description: 'Whether Braze runs SMS double opt-in for phones subscribed to SMS groups instead of subscribing them at once',
			},
		],
	},
];

export const description = updateDisplayOptions(displayOptions, properties);

export function buildChanges(this: IExecuteFunctions, i: number): unknown[] {
	const user = readUserIdentifier(this, i, SUBSCRIPTION_USER_KINDS);
	const groups = readList(this.getNodeParameter('subscriptionGroupIds', i, ''));
	if (!groups.length) throw new Error('Subscription Group IDs is empty: give at least one subscription group ID');
	const state = this.getNodeParameter('subscriptionState', i) as string;
	const { useDoubleOptIn } = this.getNodeParameter('subscriptionOptions', i, {}) as { useDoubleOptIn?: boolean };
	return [...new Set(groups)].map((groupId) => ({
		type: 'subscription',
		user,
		groupId,
		state,
		...(useDoubleOptIn ? { useDoubleOptIn: true } : {}),
	}));
}

export const present: Presenter = (_i, { changes }) => {
	const subscriptions = changes as Array<ChangeOf<'subscription'>>;
	return {
		success: true,
		...subscriptions[0].user,
		subscriptionGroups: subscriptions.map((c) => ({ subscription_group_id: c.groupId, subscription_state: c.state })),
	};
};
