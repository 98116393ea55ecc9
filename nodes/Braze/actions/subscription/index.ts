import type { INodeProperties } from 'n8n-workflow';

import * as getStatus from './getStatus.operation';
import * as getUserGroups from './getUserGroups.operation';
import * as setStatus from './setStatus.operation';

export const operations = { getStatus, getUserGroups, setStatus };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['subscription'] } },
		options: [
			{
				name: 'Get Status',
				value: 'getStatus',
				action: 'Get a subscription status',
				description: 'Get whether users are subscribed to a subscription group',
			},
			{
				name: 'Get User\'s Groups',
				value: 'getUserGroups',
				action: 'Get user subscription groups',
				description: 'List the subscription groups a user has a state in',
			},
			{
				name: 'Set Status',
				value: 'setStatus',
				action: 'Set a subscription status',
				description: 'Subscribe users to subscription groups or unsubscribe them',
			},
		],
		default: 'setStatus',
	},
	...getStatus.description,
	...getUserGroups.description,
	...setStatus.description,
];
