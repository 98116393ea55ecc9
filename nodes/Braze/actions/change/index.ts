import type { INodeProperties } from 'n8n-workflow';

import * as apply from './apply.operation';

export const operations = { apply };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['change'] } },
		options: [
			{
				name: 'Send to Braze',
				value: 'apply',
				action: 'Send partner changes',
				description: 'Send the Braze changes held by the input items (their brazeChanges field), with the fewest requests',
			},
		],
		default: 'apply',
	},
	...apply.description,
];
