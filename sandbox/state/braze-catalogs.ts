// Braze Catalogs (the product's own tables, not the campaign fixtures of catalog.ts): each catalog
// has typed fields and items keyed by id, in insertion order (the paging order of GET items).

export type CatalogFieldType = 'string' | 'number' | 'boolean' | 'time' | 'array' | 'object';

export interface CatalogField {
	name: string;
	type: CatalogFieldType;
}

export interface BrazeCatalog {
	name: string;
	description: string;
	fields: CatalogField[];
	items: Map<string, Record<string, unknown>>;
	updated_at: string;
}

export class CatalogStore {
	private catalogs = new Map<string, BrazeCatalog>();

	/** For tests and the demo: Braze creates catalogs in the dashboard or with POST /catalogs. */
	create(name: string, fields: CatalogField[], description = '', items: Array<Record<string, unknown>> = []): BrazeCatalog {
		const catalog: BrazeCatalog = {
			name,
			description,
			fields: [{ name: 'id', type: 'string' }, ...fields.filter((f) => f.name !== 'id')],
			items: new Map(),
			updated_at: new Date().toISOString(),
		};
		for (const item of items) catalog.items.set(String(item.id), { ...item });
		this.catalogs.set(name, catalog);
		return catalog;
	}

	get(name: string): BrazeCatalog | undefined {
		return this.catalogs.get(name);
	}

	all(): BrazeCatalog[] {
		return [...this.catalogs.values()];
	}

	clear(): void {
		this.catalogs.clear();
	}

	toJSON(): unknown[] {
		return this.all().map((c) => ({ name: c.name, description: c.description, fields: c.fields, items: [...c.items.values()] }));
	}
}
