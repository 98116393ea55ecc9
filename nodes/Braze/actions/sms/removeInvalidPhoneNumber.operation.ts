import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { Presenter } from '../executeChanges';

const displayOptions = { show: { resource: ['sms'], operation: ['removeInvalidPhoneNumber'] } };

const properties: INodeProperties[] = [
	{
		displayName: 'Phone Number',
		name: 'phoneNumber',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. +14155550100',
		description: 'In E.164 format; Braze texts it again once it is off the invalid list',
	},
];

export const description = updateDisplayOptions(displayOptions, properties);

export function buildChanges(this: IExecuteFunctions, i: number): unknown[] {
	return [{ type: 'smsInvalidRemove', phone: String(this.getNodeParameter('phoneNumber', i, '')).trim() }];
}

export const present: Presenter = (_i, { changes }) => ({ success: true, phone: (changes[0] as { phone: string }).phone, removed: true });
