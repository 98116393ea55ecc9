import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { Presenter } from '../executeChanges';
import { readUserIdentifier, userIdentifierFields } from '../helpers';

const displayOptions = { show: { resource: ['user'], operation: ['delete'] } };

const properties: INodeProperties[] = [
	{
		displayName: 'Deleting a user is permanent: Braze removes the profile and all its data.',
		name: 'deleteNotice',
		type: 'notice',
		default: '',
	},
	...userIdentifierFields(),
];

export const description = updateDisplayOptions(displayOptions, properties);

export function buildChanges(this: IExecuteFunctions, i: number): unknown[] {
	return [{ type: 'delete', user: readUserIdentifier(this, i) }];
}

/** n8n's convention for deletions. */
export const present: Presenter = () => ({ deleted: true });
