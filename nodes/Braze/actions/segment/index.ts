import type { INodeProperties } from 'n8n-workflow';

import * as get from './get.operation';
import * as getMany from './getMany.operation';

export const operations = { get, getMany };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['segment'] } },
		options: [
			{ name: 'Get', value: 'get', action: 'Get a segment', description: 'Get a segment\'s name and tags by ID' },
			{ name: 'Get Many', value: 'getMany', action: 'Get many segments', description: 'List the segments of the workspace' },
		],
		default: 'getMany',
	},
	...get.description,
	...getMany.description,
];
