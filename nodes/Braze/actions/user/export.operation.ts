import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { Presenter } from '../executeChanges';
import { readUserIdentifier, userIdentifierFields } from '../userIdentifier';

const show = { resource: ['user'], operation: ['export'] };

export const description: INodeProperties[] = [
	...userIdentifierFields(show),
	{
		displayName: 'Fields to Export',
		name: 'fieldsToExport',
		type: 'string',
		default: '',
		placeholder: 'e.g. external_id, email, custom_attributes',
		description: 'Comma-separated profile fields; empty exports all. Braze requires a list for accounts created after 22 August 2024.',
		displayOptions: { show },
	},
];

export function buildChanges(this: IExecuteFunctions, i: number): unknown[] {
	const fields = String(this.getNodeParameter('fieldsToExport', i, ''))
		.split(',')
		.map((field) => field.trim())
		.filter((field) => field !== '');
	return [{ type: 'export', user: readUserIdentifier(this, i), ...(fields.length ? { fields } : {}) }];
}

/** The exported profile itself, or found: false when Braze has no such user. */
export const present: Presenter = (_i, { outcomes }) => {
	const data = outcomes[0]?.data ?? { found: false };
	return data.found ? { found: true, ...(data.user as object) } : { found: false };
};
