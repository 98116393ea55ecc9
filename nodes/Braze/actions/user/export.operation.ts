import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { DEFAULT_EXPORT_FIELDS } from '../../../shared/braze/endpoints/usersExportIds';
import type { Presenter } from '../executeChanges';
import { readUserIdentifier, userIdentifierFields } from '../helpers';

const displayOptions = { show: { resource: ['user'], operation: ['export'] } };

const properties: INodeProperties[] = [
	...userIdentifierFields(),
	{
		displayName: 'Fields to Export',
		name: 'fieldsToExport',
		type: 'string',
		default: '',
		placeholder: 'e.g. external_id, email, custom_attributes',
		description: `Comma-separated profile fields. Empty sends this default list, as Braze requires a list for workspaces created on or after 22 August 2024: ${DEFAULT_EXPORT_FIELDS.join(', ')}.`,
	},
	{
		displayName: 'Simplify',
		name: 'simplify',
		type: 'boolean',
		default: false,
		description: 'Whether to return a simplified version of the response instead of the raw data',
	},
];

export const description = updateDisplayOptions(displayOptions, properties);

/** The profile fields most flows need: identifiers, contact, locale and subscription state. */
const SIMPLE_FIELDS = [
	'external_id',
	'braze_id',
	'user_aliases',
	'first_name',
	'last_name',
	'email',
	'phone',
	'country',
	'language',
	'time_zone',
	'email_subscribe',
	'push_subscribe',
	'custom_attributes',
];

export function buildChanges(this: IExecuteFunctions, i: number): unknown[] {
	const fields = String(this.getNodeParameter('fieldsToExport', i, ''))
		.split(',')
		.map((field) => field.trim())
		.filter((field) => field !== '');
	return [{ type: 'export', user: readUserIdentifier(this, i), ...(fields.length ? { fields } : {}) }];
}

/** The exported profile itself (or its main fields, with Simplify), or found: false when Braze has no such user. */
export function presenter(ctx: IExecuteFunctions): Presenter {
	return (i, { outcomes }) => {
		const data = outcomes[0]?.data ?? { found: false };
		if (!data.found) return { found: false };
		const user = data.user as IDataObject;
		if (!ctx.getNodeParameter('simplify', i, false)) return { found: true, ...user };
		const simple: IDataObject = { found: true };
		for (const field of SIMPLE_FIELDS) if (user[field] !== undefined) simple[field] = user[field];
		return simple;
	};
}
