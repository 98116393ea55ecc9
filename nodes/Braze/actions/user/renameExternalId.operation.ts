import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { ChangeOf } from '../../../shared/braze/changes';
import type { Presenter } from '../executeChanges';

const displayOptions = { show: { resource: ['user'], operation: ['renameExternalId'] } };

const properties: INodeProperties[] = [
	{
		displayName: 'The current ID stays usable as a deprecated ID until you remove it with Remove External ID',
		name: 'renameNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Current External ID',
		name: 'currentExternalId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. user-123',
		description: 'The user\'s primary external ID',
	},
	{
		displayName: 'New External ID',
		name: 'newExternalId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. 7f3e9a2c-user',
		description: 'Must not be used by any user yet, not even as a deprecated ID',
	},
];

export const description = updateDisplayOptions(displayOptions, properties);

export function buildChanges(this: IExecuteFunctions, i: number): unknown[] {
	return [
		{
			type: 'renameExternalId',
			currentExternalId: String(this.getNodeParameter('currentExternalId', i, '')).trim(),
			newExternalId: String(this.getNodeParameter('newExternalId', i, '')).trim(),
		},
	];
}

export const present: Presenter = (_i, { changes }) => {
	const change = changes[0] as ChangeOf<'renameExternalId'>;
	return { success: true, current_external_id: change.currentExternalId, new_external_id: change.newExternalId };
};
