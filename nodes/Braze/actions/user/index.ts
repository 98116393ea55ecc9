import type { INodeProperties } from 'n8n-workflow';

import * as createAlias from './createAlias.operation';
import * as deleteUser from './delete.operation';
import * as exportUser from './export.operation';
import * as exportSegment from './exportSegment.operation';
import * as identify from './identify.operation';
import * as merge from './merge.operation';
import * as removeExternalId from './removeExternalId.operation';
import * as renameExternalId from './renameExternalId.operation';
import * as track from './track.operation';
import * as updateAlias from './updateAlias.operation';

export const operations = {
	createAlias,
	delete: deleteUser,
	export: exportUser,
	exportSegment,
	identify,
	merge,
	removeExternalId,
	renameExternalId,
	track,
	updateAlias,
};

export const description: INodeProperties[] = [
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
			{ name: 'Export Segment', value: 'exportSegment', action: 'Export a segment', description: 'Start an export of a segment\'s users and get where the files will land' },
			{ name: 'Identify', value: 'identify', action: 'Identify a user', description: 'Merge an alias, email or phone profile into a user with an external ID' },
			{ name: 'Merge', value: 'merge', action: 'Merge two users', description: 'Move one user\'s data into another and delete the first' },
			{ name: 'Remove External ID', value: 'removeExternalId', action: 'Remove an old external ID', description: 'Remove an external ID left behind by a rename' },
			{ name: 'Rename External ID', value: 'renameExternalId', action: 'Rename an external ID', description: 'Give a user a new external ID, keeping the old one as deprecated' },
			{ name: 'Track', value: 'track', action: 'Track a user', description: 'Set attributes and record custom events and purchases' },
			{ name: 'Update Alias', value: 'updateAlias', action: 'Update a user alias', description: 'Change the name of a user alias' },
		],
		default: 'track',
	},
	...createAlias.description,
	...deleteUser.description,
	...exportUser.description,
	...exportSegment.description,
	...identify.description,
	...merge.description,
	...removeExternalId.description,
	...renameExternalId.description,
	...track.description,
	...updateAlias.description,
];
