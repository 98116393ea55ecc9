import type { INodeProperties } from 'n8n-workflow';

import * as getInvalidPhoneNumbers from './getInvalidPhoneNumbers.operation';
import * as removeInvalidPhoneNumber from './removeInvalidPhoneNumber.operation';

export const operations = { getInvalidPhoneNumbers, removeInvalidPhoneNumber };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['sms'] } },
		options: [
			{
				name: 'Get Invalid Phone Numbers',
				value: 'getInvalidPhoneNumbers',
				action: 'Get invalid phone numbers',
				description: 'List numbers Braze marked invalid, by date range or number',
			},
			{
				name: 'Remove Invalid Phone Number',
				value: 'removeInvalidPhoneNumber',
				action: 'Remove invalid phone number',
				description: 'Take a number off the invalid list so Braze texts it again',
			},
		],
		default: 'getInvalidPhoneNumbers',
	},
	...getInvalidPhoneNumbers.description,
	...removeInvalidPhoneNumber.description,
];
