import type { INodeProperties } from 'n8n-workflow';

import * as sendTransactionalEmail from './sendTransactionalEmail.operation';
import * as triggerCampaign from './triggerCampaign.operation';
import * as triggerCanvas from './triggerCanvas.operation';

export const operations = { sendTransactionalEmail, triggerCampaign, triggerCanvas };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['message'] } },
		options: [
			{
				name: 'Send Transactional Email',
				value: 'sendTransactionalEmail',
				action: 'Send a transactional email',
				description: 'Send a Transactional Email campaign to one user, at most once per send ID',
			},
			{ name: 'Trigger Campaign', value: 'triggerCampaign', action: 'Trigger a campaign', description: 'Send an API-triggered campaign to the users of the input items' },
			{ name: 'Trigger Canvas', value: 'triggerCanvas', action: 'Trigger a canvas', description: 'Enter the users of the input items into an API-triggered Canvas' },
		],
		default: 'triggerCampaign',
	},
	...sendTransactionalEmail.description,
	...triggerCampaign.description,
	...triggerCanvas.description,
];
