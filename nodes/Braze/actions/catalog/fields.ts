import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { jsonObject, readList, readLocator } from '../helpers';

/** The fields the catalog operations share; each operation adds resource and operation. */

/** The catalog, from the list of the workspace's catalogs or by name. */
export const catalogField: INodeProperties = {
	displayName: 'Catalog',
	name: 'catalogName',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	required: true,
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			placeholder: 'Select a catalog...',
			typeOptions: { searchListMethod: 'searchCatalogs', searchable: true },
		},
		{
			displayName: 'By Name',
			name: 'name',
			type: 'string',
			placeholder: 'e.g. restaurants',
			validation: [
				{ type: 'regex', properties: { regex: '^[A-Za-z0-9_-]+$', errorMessage: 'A catalog name holds only letters, digits, - and _' } },
			],
		},
	],
};

export const itemIdField: INodeProperties = {
	displayName: 'Item ID',
	name: 'itemId',
	type: 'string',
	default: '={{ $json.id }}',
	required: true,
	placeholder: 'e.g. restaurant-1',
	description: 'The item\'s ID in the catalog: letters, digits, - and _, at most 250 characters',
};

/** Where an item's fields come from: the input item's own fields, or a JSON object. */
export function itemFieldsFields(verb: string): INodeProperties[] {
	return [
		{
			displayName: 'Fields From',
			name: 'fieldsFrom',
			type: 'options',
			options: [
				{ name: 'Input Item', value: 'input', description: 'Every field of the input item except the ID field and the Fields to Skip' },
				{ name: 'JSON', value: 'json', description: 'A JSON object of catalog fields' },
			],
			default: 'input',
			description: `Which values ${verb}; every field must already exist in the catalog`,
		},
		{
			displayName: 'Fields to Skip',
			name: 'skipFields',
			type: 'string',
			default: '',
			placeholder: 'e.g. row_number, updated_at',
			description: 'Input fields that are not catalog fields, comma-separated (e.g. the column the Item ID comes from, when not the ID field)',
			displayOptions: { show: { fieldsFrom: ['input'] } },
		},
		{
			displayName: 'Fields (JSON)',
			name: 'fieldsJson',
			type: 'json',
			default: '{}',
			description: 'Catalog fields and their values, e.g. {"Name": "Restaurant 1", "Rating": 5}',
			displayOptions: { show: { fieldsFrom: ['json'] } },
		},
	];
}

export function readCatalogName(ctx: IExecuteFunctions, i: number): string {
	const name = readLocator(ctx, 'catalogName', i);
	if (!name) throw new Error('Catalog is empty: pick one from the list or give its name');
	return name;
}

export function readItemId(ctx: IExecuteFunctions, i: number): string {
	return String(ctx.getNodeParameter('itemId', i, '') ?? '').trim();
}

/** The item's catalog fields: the input item minus its ID column and the skipped ones, or the JSON. */
export function readItemFields(ctx: IExecuteFunctions, i: number, item: INodeExecutionData): IDataObject {
	if (ctx.getNodeParameter('fieldsFrom', i, 'input') === 'json') return jsonObject(ctx.getNodeParameter('fieldsJson', i, '{}'), 'Fields') ?? {};
	const skip = new Set(['id', ...readList(ctx.getNodeParameter('skipFields', i, ''))]);
	return Object.fromEntries(Object.entries(item.json).filter(([key]) => !skip.has(key)));
}
