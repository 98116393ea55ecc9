import type { INodeProperties } from 'n8n-workflow';

import * as createItem from './createItem.operation';
import * as deleteItem from './deleteItem.operation';
import * as getItem from './getItem.operation';
import * as getManyItems from './getManyItems.operation';
import * as listCatalogs from './listCatalogs.operation';
import * as replaceItem from './replaceItem.operation';
import * as updateItem from './updateItem.operation';

export const operations = { createItem, deleteItem, getItem, getManyItems, listCatalogs, replaceItem, updateItem };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['catalog'] } },
		options: [
			{ name: 'Create Item', value: 'createItem', action: 'Create a catalog item', description: 'Add an item to a catalog for each input item, up to 50 a request' },
			{ name: 'Delete Item', value: 'deleteItem', action: 'Delete a catalog item', description: 'Remove an item from a catalog for each input item' },
			{ name: 'Get Item', value: 'getItem', action: 'Get a catalog item', description: 'Get one catalog item by ID' },
			{ name: 'Get Many Items', value: 'getManyItems', action: 'Get many catalog items', description: 'Read the items of a catalog, 50 a page' },
			{ name: 'List Catalogs', value: 'listCatalogs', action: 'List the catalogs', description: 'List the workspace\'s catalogs with their fields and item counts' },
			{ name: 'Replace Item', value: 'replaceItem', action: 'Replace a catalog item', description: 'Set an item to exactly the given fields, creating it if needed' },
			{ name: 'Update Item', value: 'updateItem', action: 'Update a catalog item', description: 'Change some fields of an existing catalog item' },
		],
		default: 'createItem',
	},
	...createItem.description,
	...deleteItem.description,
	...getItem.description,
	...getManyItems.description,
	...listCatalogs.description,
	...replaceItem.description,
	...updateItem.description,
];
