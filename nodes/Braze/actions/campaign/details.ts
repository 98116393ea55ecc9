import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { LIST_PAGE_SIZE, brazeGet, collectPages, listPage } from '../../../shared/braze/paging';
import { executeReads } from '../executeReads';
import { locatorProperty, readLimit, readLocator, returnAllFields, sortDirectionOptions } from '../helpers';

/** Get (details) and Get Many (list) of campaigns and Canvases: the same two reads, two resources. */

type Kind = 'campaign' | 'canvas';

const KIND = {
	campaign: { label: 'Campaign', idParameter: 'campaignId', idField: 'campaign_id', search: 'searchCampaigns', details: '/campaigns/details', list: '/campaigns/list' },
	canvas: { label: 'Canvas', idParameter: 'canvasId', idField: 'canvas_id', search: 'searchCanvases', details: '/canvas/details', list: '/canvas/list' },
} as const;

export function detailsOperation(kind: Kind) {
	const k = KIND[kind];
	const description = updateDisplayOptions({ show: { resource: [kind], operation: ['get'] } }, [
		locatorProperty({ displayName: k.label, name: k.idParameter, searchListMethod: k.search, thing: kind === 'canvas' ? 'Canvas' : 'campaign' }),
	]);
	async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await executeReads.call(this, async (transport, i) => {
			const id = readLocator(this, k.idParameter, i);
			if (!id) throw new Error(`${k.label} is empty: pick one from the list or give its ID`);
			const details = { ...(await brazeGet(transport, k.details, { [k.idField]: id })) };
			// "success" says nothing about the campaign.
			delete details.message;
			return [{ [k.idField]: id, ...details }];
		});
	}
	return { description, execute };
}

export function listOperation(kind: Kind) {
	const k = KIND[kind];
	const properties: INodeProperties[] = [
		...returnAllFields(),
		{
			...sortDirectionOptions(`${kind}ListOptions`, 'asc'),
			options: [
				...(sortDirectionOptions(`${kind}ListOptions`, 'asc').options ?? []),
				{ displayName: 'Include Archived', name: 'includeArchived', type: 'boolean', default: false, description: `Whether to list archived ${kind === 'canvas' ? 'Canvases' : 'campaigns'} too` },
			],
		},
	];
	const description = updateDisplayOptions({ show: { resource: [kind], operation: ['getMany'] } }, properties);
	async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await executeReads.call(this, async (transport, i) => {
			const options = this.getNodeParameter(`${kind}ListOptions`, i, {}) as { sortDirection?: string; includeArchived?: boolean };
			const qs: IDataObject = {
				...(options.sortDirection ? { sort_direction: options.sortDirection } : {}),
				...(options.includeArchived ? { include_archived: true } : {}),
			};
			return await collectPages<IDataObject>(async ({ page }) => await listPage(transport, k.list, page, qs), {
				pageSize: LIST_PAGE_SIZE,
				limit: readLimit(this, i),
				fixedPageSize: true,
			});
		});
	}
	return { description, execute };
}
