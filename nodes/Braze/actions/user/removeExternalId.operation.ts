import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { ChangeOf } from '../../../shared/braze/changes';
import type { Presenter } from '../executeChanges';

const displayOptions = { show: { resource: ['user'], operation: ['removeExternalId'] } };

const properties: INodeProperties[] = [
	{
		displayName: 'External ID',
		name: 'deprecatedExternalId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. user-123',
		description: 'A deprecated external ID, left behind by Rename External ID; Braze refuses primary IDs',
	},
];

export const description = updateDisplayOptions(displayOptions, properties);

export function buildChanges(this: IExecuteFunctions, i: number): unknown[] {
	return [{ type: 'removeExternalId', externalId: String(this.getNodeParameter('deprecatedExternalId', i, '')).trim() }];
}

export const present: Presenter = (_i, { changes }) => ({
	success: true,
	removed_external_id: (changes[0] as ChangeOf<'removeExternalId'>).externalId,
});
