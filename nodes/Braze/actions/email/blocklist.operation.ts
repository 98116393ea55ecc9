import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { ChangeOf } from '../../../shared/braze/changes';
import type { Presenter } from '../executeChanges';

const show = { resource: ['email'], operation: ['blocklist'] };

export const description: INodeProperties[] = [
	{
		displayName: 'Braze unsubscribes a blocklisted address and marks it as hard bounced: it gets no more email.',
		name: 'blocklistNotice',
		type: 'notice',
		default: '',
		displayOptions: { show },
	},
	{
		displayName: 'Email',
		name: 'emailAddress',
		type: 'string',
		placeholder: 'e.g. ann@example.com',
		default: '',
		required: true,
		displayOptions: { show },
	},
];

export function buildChanges(this: IExecuteFunctions, i: number): unknown[] {
	return [{ type: 'emailBlocklist', email: String(this.getNodeParameter('emailAddress', i, '')).trim() }];
}

export const present: Presenter = (_i, { changes }) => ({
	success: true,
	email: (changes[0] as ChangeOf<'emailBlocklist'>).email,
	blocklisted: true,
});
