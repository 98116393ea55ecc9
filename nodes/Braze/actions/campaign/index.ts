import type { INodeProperties } from 'n8n-workflow';

import * as createSchedule from './createSchedule.operation';
import * as deleteSchedule from './deleteSchedule.operation';
import * as get from './get.operation';
import * as getMany from './getMany.operation';
import * as updateSchedule from './updateSchedule.operation';

export const operations = { createSchedule, deleteSchedule, get, getMany, updateSchedule };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['campaign'] } },
		options: [
			{ name: 'Create Schedule', value: 'createSchedule', action: 'Schedule a campaign', description: 'Schedule an API-triggered campaign for listed users or its whole audience' },
			{ name: 'Delete Schedule', value: 'deleteSchedule', action: 'Delete a campaign schedule', description: 'Cancel a scheduled send of an API-triggered campaign' },
			{ name: 'Get', value: 'get', action: 'Get a campaign', description: 'Get a campaign\'s details: status, channels, tags and more' },
			{ name: 'Get Many', value: 'getMany', action: 'Get many campaigns', description: 'List the campaigns of the workspace' },
			{ name: 'Update Schedule', value: 'updateSchedule', action: 'Update a campaign schedule', description: 'Move a scheduled send of an API-triggered campaign' },
		],
		default: 'getMany',
	},
	...createSchedule.description,
	...deleteSchedule.description,
	...get.description,
	...getMany.description,
	...updateSchedule.description,
];
