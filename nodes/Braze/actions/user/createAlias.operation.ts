import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

const displayOptions = { show: { resource: ['user'], operation: ['createAlias'] } };

const properties: INodeProperties[] = [
	{
		displayName: 'Alias Name',
		name: 'newAliasName',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. ann@example.com',
	},
	{
		displayName: 'Alias Label',
		name: 'newAliasLabel',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. email',
	},
	{
		displayName: 'External ID',
		name: 'aliasExternalId',
		type: 'string',
		default: '',
		placeholder: 'e.g. user-123',
		description: 'Adds the alias to this user. Leave empty to create a new alias-only user.',
	},
];

export const description = updateDisplayOptions(displayOptions, properties);

export function buildChanges(this: IExecuteFunctions, i: number): unknown[] {
	const externalId = String(this.getNodeParameter('aliasExternalId', i, '')).trim();
	return [
		{
			type: 'aliasCreate',
			alias: {
				alias_name: String(this.getNodeParameter('newAliasName', i)).trim(),
				alias_label: String(this.getNodeParameter('newAliasLabel', i)).trim(),
			},
			...(externalId ? { externalId } : {}),
		},
	];
}
