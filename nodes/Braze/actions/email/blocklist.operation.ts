import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { ChangeOf } from '../../../shared/braze/changes';
import type { Presenter } from '../executeChanges';
import { emailAddressField } from '../helpers';

const displayOptions = { show: { resource: ['email'], operation: ['blocklist'] } };

const properties: INodeProperties[] = [
	{
		displayName: 'Braze unsubscribes a blocklisted address and marks it as hard bounced: it gets no more email.',
		name: 'blocklistNotice',
		type: 'notice',
		default: '',
	},
	emailAddressField,
];

export const description = updateDisplayOptions(displayOptions, properties);

export function buildChanges(this: IExecuteFunctions, i: number): unknown[] {
	return [{ type: 'emailBlocklist', email: String(this.getNodeParameter('emailAddress', i, '')).trim() }];
}

export const present: Presenter = (_i, { changes }) => ({
	success: true,
	email: (changes[0] as ChangeOf<'emailBlocklist'>).email,
	blocklisted: true,
});
