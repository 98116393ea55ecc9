import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { Presenter } from '../executeChanges';
import { catalogField, itemFieldsFields, itemIdField, readCatalogName, readItemFields, readItemId } from './fields';

/**
 * The four catalog writes, each a change per input item: the planner puts up to 50 items of one
 * catalog in a request, and a refused item fails alone with Braze's error.
 */

type WriteType = 'catalogItemCreate' | 'catalogItemUpdate' | 'catalogItemReplace' | 'catalogItemDelete';

export function catalogWrite(operation: string, type: WriteType, notice: string) {
	const displayOptions = { show: { resource: ['catalog'], operation: [operation] } };
	const properties: INodeProperties[] = [
		{ displayName: notice, name: `${operation}Notice`, type: 'notice', default: '' },
		catalogField,
		itemIdField,
		...(type === 'catalogItemDelete' ? [] : itemFieldsFields(type === 'catalogItemReplace' ? 'become the whole item' : type === 'catalogItemUpdate' ? 'change' : 'the new item holds')),
	];

	function buildChanges(this: IExecuteFunctions, i: number, item: INodeExecutionData): unknown[] {
		const target = { catalogName: readCatalogName(this, i), itemId: readItemId(this, i) };
		if (type === 'catalogItemDelete') return [{ type, ...target }];
		return [{ type, ...target, fields: readItemFields(this, i, item) }];
	}

	const present: Presenter = (_i, { changes }) => {
		const change = changes[0] as { catalogName: string; itemId: string };
		return { success: true, catalog_name: change.catalogName, id: change.itemId };
	};

	return { description: updateDisplayOptions(displayOptions, properties), buildChanges, present };
}
