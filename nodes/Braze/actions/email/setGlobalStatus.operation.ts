import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { ChangeOf } from '../../../shared/braze/changes';
import type { Presenter } from '../executeChanges';
import { emailAddressField } from '../helpers';

const displayOptions = { show: { resource: ['email'], operation: ['setGlobalStatus'] } };

const properties: INodeProperties[] = [
	{ ...emailAddressField, description: 'The address to set; it may belong to no user yet, Braze applies the state when one gets it' },
	{
		displayName: 'Global Email State',
		name: 'emailState',
		type: 'options',
		options: [
			{ name: 'Opted In', value: 'opted_in', description: 'Explicitly opted in, e.g. through double opt-in' },
			{ name: 'Subscribed', value: 'subscribed' },
			{ name: 'Unsubscribed', value: 'unsubscribed' },
		],
		default: 'subscribed',
	},
];

export const description = updateDisplayOptions(displayOptions, properties);

export function buildChanges(this: IExecuteFunctions, i: number): unknown[] {
	return [
		{
			type: 'emailStatus',
			email: String(this.getNodeParameter('emailAddress', i, '')).trim(),
			state: this.getNodeParameter('emailState', i) as string,
		},
	];
}

export const present: Presenter = (_i, { changes }) => {
	const change = changes[0] as ChangeOf<'emailStatus'>;
	return { success: true, email: change.email, subscription_state: change.state };
};
