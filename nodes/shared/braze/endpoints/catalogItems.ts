import type { IDataObject } from 'n8n-workflow';

import type { ChangeOf } from '../changes';
import { CATALOG_ITEMS_PER_REQUEST } from '../limits';
import type { BuiltRequest, WriteMethod } from '../request';
import { ListBucket } from './shapes';
import { type EndpointSpec, idempotent } from './spec';

/**
 * The catalog item endpoints, one path with four methods (each its own endpoint and permission):
 * POST creates (`catalogs.add_items`), PATCH edits (`catalogs.update_items`), PUT replaces
 * (`catalogs.replace_items`), DELETE removes (`catalogs.delete_items`). Up to 50 items a request,
 * all in one catalog; a shared limit of 16,000 requests a minute across the four (the transport
 * honours X-RateLimit-*). Braze refuses a request with one bad item as a whole (400 with
 * `errors: [{id, message, parameters, parameter_values}]`): applyChanges then splits it until the
 * bad item fails alone, with Braze's error, and the others go through.
 */

type CatalogWrite = ChangeOf<'catalogItemCreate' | 'catalogItemUpdate' | 'catalogItemReplace' | 'catalogItemDelete'>;

const PATH = '/catalogs/{catalog_name}/items';

/** The one key per item: the same item twice in a request is `ids-not-unique` for Braze. */
export const catalogItemKey = (catalogName: string, itemId: string) => `catalog:${catalogName}/${itemId}`;

export const catalogItemsPath = (catalogName: string) => `/catalogs/${encodeURIComponent(catalogName)}/items`;

/** A ListBucket that goes out with the endpoint's own method. */
class MethodBucket<C extends CatalogWrite> extends ListBucket<C> {
	constructor(
		private readonly method: WriteMethod,
		catalogName: string,
	) {
		super({
			endpoint: catalogItemsPath(catalogName),
			capacity: CATALOG_ITEMS_PER_REQUEST,
			toItem: (change) => ({
				array: 'items',
				item: { id: change.itemId, ...('fields' in change ? (change.fields as IDataObject) : {}) },
			}),
		});
	}

	build(): BuiltRequest {
		return { ...super.build(), method: this.method };
	}
}

function catalogSpec<C extends CatalogWrite>(method: WriteMethod, appliesTwice: (change: C) => boolean): EndpointSpec<C> {
	return {
		path: PATH,
		credential: 'brazeApi',
		// One catalog per request: the name is in the path.
		requestKey: (change) => `${method}:${change.catalogName}`,
		users: (change) => [catalogItemKey(change.catalogName, change.itemId)],
		open: (change) => new MethodBucket<C>(method, change.catalogName),
		dataOf: (change) => ({ catalog_name: change.catalogName, id: change.itemId }),
		appliesTwice,
	};
}

export const catalogItemsCreate = catalogSpec<ChangeOf<'catalogItemCreate'>>('POST', idempotent);
// `$add` on an array field adds again when sent twice; plain field values are a state.
export const catalogItemsUpdate = catalogSpec<ChangeOf<'catalogItemUpdate'>>('PATCH', (change) =>
	Object.values(change.fields).some((value) => !!value && typeof value === 'object' && '$add' in value),
);
export const catalogItemsReplace = catalogSpec<ChangeOf<'catalogItemReplace'>>('PUT', idempotent);
export const catalogItemsDelete = catalogSpec<ChangeOf<'catalogItemDelete'>>('DELETE', idempotent);
