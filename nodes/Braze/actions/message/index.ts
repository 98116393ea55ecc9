import type { INodeProperties } from 'n8n-workflow';

import * as createSchedule from './createSchedule.operation';
import * as deleteSchedule from './deleteSchedule.operation';
import * as sendNow from './sendNow.operation';
import * as sendTransactionalEmail from './sendTransactionalEmail.operation';
import * as triggerCampaign from './triggerCampaign.operation';
import * as triggerCanvas from './triggerCanvas.operation';
import * as updateSchedule from './updateSchedule.operation';

export const operations = { createSchedule, deleteSchedule, sendNow, sendTransactionalEmail, triggerCampaign, triggerCanvas, updateSchedule };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['message'] } },
		options: [
			{ name: 'Create Schedule', value: 'createSchedule', action: 'Schedule a message', description: 'Schedule a message defined here for listed users or a segment' },
			{ name: 'Delete Schedule', value: 'deleteSchedule', action: 'Delete a message schedule', description: 'Cancel a scheduled message' },
			{ name: 'Send Now', value: 'sendNow', action: 'Send a message now', description: 'Send a message defined here to the users of the input items or a segment' },
			{
				name: 'Send Transactional Email',
				value: 'sendTransactionalEmail',
				action: 'Send a transactional email',
				description: 'Send a Transactional Email campaign to one user, at most once per send ID',
			},
			{ name: 'Trigger Campaign', value: 'triggerCampaign', action: 'Trigger a campaign', description: 'Send an API-triggered campaign to the users of the input items' },
			{ name: 'Trigger Canvas', value: 'triggerCanvas', action: 'Trigger a canvas', description: 'Enter the users of the input items into an API-triggered Canvas' },
			{ name: 'Update Schedule', value: 'updateSchedule', action: 'Update a message schedule', description: 'Move a scheduled message or change its content' },
		],
		default: 'triggerCampaign',
	},
	...createSchedule.description,
	...deleteSchedule.description,
	...sendNow.description,
	...sendTransactionalEmail.description,
	...triggerCampaign.description,
	...triggerCanvas.description,
	...updateSchedule.description,
];
