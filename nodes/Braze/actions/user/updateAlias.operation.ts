import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { ChangeOf } from '../../../shared/braze/changes';
import type { Presenter } from '../executeChanges';

const displayOptions = { show: { resource: ['user'], operation: ['updateAlias'] } };

const properties: INodeProperties[] = [
	{
		displayName: 'Alias Label',
		name: 'aliasUpdateLabel',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. email',
		description: 'The label stays; only the alias name changes',
	},
	{
		displayName: 'Old Alias Name',
		name: 'oldAliasName',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. ann@example.com',
	},
	{
		displayName: 'New Alias Name',
		name: 'newAliasName',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. ann.smith@example.com',
	},
];

export const description = updateDisplayOptions(displayOptions, properties);

export function buildChanges(this: IExecuteFunctions, i: number): unknown[] {
	const text = (name: string) => String(this.getNodeParameter(name, i, '')).trim();
	return [{ type: 'aliasUpdate', aliasLabel: text('aliasUpdateLabel'), oldAliasName: text('oldAliasName'), newAliasName: text('newAliasName') }];
}

export const present: Presenter = (_i, { changes }) => {
	const change = changes[0] as ChangeOf<'aliasUpdate'>;
	return { success: true, alias_label: change.aliasLabel, old_alias_name: change.oldAliasName, new_alias_name: change.newAliasName };
};
