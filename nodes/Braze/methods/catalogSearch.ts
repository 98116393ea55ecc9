import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { BrazeTransport } from '../../shared/braze/transport';
import { listCatalogs } from '../../shared/braze/catalogReads';

/** The Catalog picker: GET /catalogs answers every catalog at once, filtered here by name. */
export async function searchCatalogs(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	const term = (filter ?? '').trim().toLowerCase();
	try {
		const catalogs = await listCatalogs(new BrazeTransport(this));
		const results = catalogs
			.map((catalog) => String(catalog.name))
			.filter((name) => !term || name.toLowerCase().includes(term))
			.map((name) => ({ name, value: name }));
		return { results };
	} catch (error) {
		throw new NodeOperationError(this.getNode(), (error as Error).message, {
			description: 'Check the credential, and that the API key has the catalogs.get permission',
		});
	}
}
