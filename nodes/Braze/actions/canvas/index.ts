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
		displayOptions: { show: { resource: ['canvas'] } },
		options: [
			{ name: 'Create Schedule', value: 'createSchedule', action: 'Schedule a canvas', description: 'Schedule an API-triggered Canvas for listed users or its whole audience' },
			{ name: 'Delete Schedule', value: 'deleteSchedule', action: 'Delete a canvas schedule', description: 'Cancel a scheduled send of an API-triggered Canvas' },
			{ name: 'Get', value: 'get', action: 'Get a canvas', description: 'Get a Canvas\'s details: status, channels, tags and more' },
			{ name: 'Get Many', value: 'getMany', action: 'Get many canvases', description: 'List the Canvases of the workspace' },
			{ name: 'Update Schedule', value: 'updateSchedule', action: 'Update a canvas schedule', description: 'Move a scheduled send of an API-triggered Canvas' },
		],
		default: 'getMany',
	},
	...createSchedule.description,
	...deleteSchedule.description,
	...get.description,
	...getMany.description,
	...updateSchedule.description,
];
