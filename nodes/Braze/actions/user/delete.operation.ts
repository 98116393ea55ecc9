import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { Presenter } from '../executeChanges';
import { readUserIdentifier, userIdentifierFields } from '../userIdentifier';

const show = { resource: ['user'], operation: ['delete'] };

export const description: INodeProperties[] = [
	{
		displayName: 'Deleting a user is permanent: Braze removes the profile and all its data.',
		name: 'deleteNotice',
		type: 'notice',
		default: '',
		displayOptions: { show },
	},
	...userIdentifierFields(show),
];

export function buildChanges(this: IExecuteFunctions, i: number): unknown[] {
	return [{ type: 'delete', user: readUserIdentifier(this, i) }];
}

/** n8n's convention for deletions. */
export const present: Presenter = () => ({ deleted: true });
