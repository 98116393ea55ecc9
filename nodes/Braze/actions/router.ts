import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import * as applyChanges from './change/apply.operation';
import { type Presenter, executeChanges } from './executeChanges';
import { sendingOptions } from './sendingOptions';
import * as createAlias from './user/createAlias.operation';
import * as deleteUser from './user/delete.operation';
import * as exportUser from './user/export.operation';
import * as identify from './user/identify.operation';
import * as track from './user/track.operation';

interface ChangeOperation {
	buildChanges(this: IExecuteFunctions, itemIndex: number, item: INodeExecutionData): unknown[];
	present?: Presenter;
}

const changeOperations: Record<string, Record<string, ChangeOperation>> = {
	user: { track, createAlias, identify, delete: deleteUser, export: exportUser },
	change: { apply: applyChanges },
};

export const resourceProperty: INodeProperties = {
	displayName: 'Resource',
	name: 'resource',
	type: 'options',
	noDataExpression: true,
	options: [
		{ name: 'Change', value: 'change', description: 'Braze changes made by partner nodes or a Code node' },
		{ name: 'User', value: 'user' },
	],
	default: 'user',
};

export const operationProperties: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['user'] } },
		options: [
			{ name: 'Create Alias', value: 'createAlias', action: 'Create a user alias', description: 'Add an alias to a user, or create an alias-only user' },
			{ name: 'Delete', value: 'delete', action: 'Delete a user', description: 'Delete a user profile permanently' },
			{ name: 'Export by Identifier', value: 'export', action: 'Export a user by identifier', description: 'Get a user profile with its attributes, events and purchases' },
			{ name: 'Identify', value: 'identify', action: 'Identify a user', description: 'Merge an alias, email or phone profile into a user with an external ID' },
			{ name: 'Track', value: 'track', action: 'Track a user', description: 'Set attributes and record custom events and purchases' },
		],
		default: 'track',
	},
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['change'] } },
		options: [
			{
				name: 'Apply',
				value: 'apply',
				action: 'Apply changes',
				description: 'Send the Braze changes held by the input items, with the fewest requests',
			},
		],
		default: 'apply',
	},
];

export const operationFields: INodeProperties[] = [
	...track.description,
	...createAlias.description,
	...identify.description,
	...deleteUser.description,
	...exportUser.description,
	...applyChanges.description,
	sendingOptions,
];

export async function route(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const changeOperation = changeOperations[resource]?.[operation];
	if (!changeOperation) {
		throw new NodeOperationError(this.getNode(), `The operation "${operation}" of "${resource}" is not supported`);
	}
	const present = resource === 'change' ? applyChanges.presenter(this) : changeOperation.present;
	return await executeChanges.call(this, changeOperation.buildChanges.bind(this), present);
}
