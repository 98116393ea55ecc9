import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

type Show = NonNullable<INodeProperties['displayOptions']>['show'];

/** Braze API identifiers look like UUIDs; accept any token without spaces, Braze checks the rest. */
const ID_MODE_VALIDATION = [
	{ type: 'regex' as const, properties: { regex: '^\\S+$', errorMessage: 'An ID has no spaces, e.g. 8f1c2a10-0000-4000-8000-000000000001' } },
];

/** A "From List / By ID" picker backed by one of the list search methods. */
export function locatorProperty(options: {
	displayName: string;
	name: string;
	searchListMethod: 'searchCampaigns' | 'searchCanvases' | 'searchSegments';
	thing: string;
	show: Show;
	description?: string;
}): INodeProperties {
	return {
		displayName: options.displayName,
		name: options.name,
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description: options.description,
		displayOptions: { show: options.show },
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: `Select a ${options.thing}...`,
				typeOptions: { searchListMethod: options.searchListMethod, searchable: true },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: 'e.g. 8f1c2a10-0000-4000-8000-000000000001',
				validation: ID_MODE_VALIDATION,
			},
		],
	};
}

/** The ID a resource locator holds, whether n8n hands over the value or the whole locator. */
export function readLocator(ctx: IExecuteFunctions, name: string, itemIndex: number): string {
	const raw = ctx.getNodeParameter(name, itemIndex, '', { extractValue: true }) as unknown;
	const value = raw && typeof raw === 'object' && 'value' in raw ? (raw as { value: unknown }).value : raw;
	return String(value ?? '').trim();
}
