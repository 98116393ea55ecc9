import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import { Braze } from '../../nodes/Braze/Braze.node';

const { description } = new Braze();
const operations = description.properties.filter((p) => p.name === 'operation');

describe('Braze node description', () => {
	it('gives every operation a name, a sentence-case action and a one-line description, alphabetised', () => {
		for (const property of operations) {
			const options = property.options as INodePropertyOptions[];
			expect(options.map((o) => o.name)).toEqual([...options.map((o) => o.name)].sort((a, b) => a.localeCompare(b)));
			for (const option of options) {
				expect(option.name).toMatch(/^[A-Z]/);
				expect(option.action).toMatch(/^[A-Z][a-z]/);
				// Sentence case: after the first word, only acronyms keep capitals.
				for (const word of String(option.action).split(' ').slice(1)) expect(word === 'ID' || word === word.toLowerCase()).toBe(true);
				expect(option.description).toBeTruthy();
				expect(String(option.description)).not.toMatch(/\n/);
			}
			expect((property.options as INodePropertyOptions[]).map((o) => o.value)).toContain(property.default);
		}
	});

	it('lists the operations this package promises', () => {
		const byResource = Object.fromEntries(
			operations.map((p) => [p.displayOptions!.show!.resource![0], (p.options as INodePropertyOptions[]).map((o) => o.value)]),
		);
		expect(byResource).toEqual({
			campaign: ['createSchedule', 'deleteSchedule', 'get', 'getMany', 'updateSchedule'],
			canvas: ['createSchedule', 'deleteSchedule', 'get', 'getMany', 'updateSchedule'],
			catalog: ['createItem', 'deleteItem', 'getItem', 'getManyItems', 'listCatalogs', 'replaceItem', 'updateItem'],
			change: ['apply'],
			cohort: ['updateMembers', 'createOrRename'],
			email: ['blocklist', 'getHardBounces', 'getUnsubscribes', 'removeHardBounce', 'removeSpam', 'setGlobalStatus'],
			message: ['createSchedule', 'deleteSchedule', 'sendNow', 'sendTransactionalEmail', 'triggerCampaign', 'triggerCanvas', 'updateSchedule'],
			segment: ['get', 'getMany'],
			sms: ['getInvalidPhoneNumbers', 'removeInvalidPhoneNumber'],
			subscription: ['getStatus', 'getUserGroups', 'setStatus'],
			user: ['createAlias', 'delete', 'export', 'exportSegment', 'identify', 'merge', 'removeExternalId', 'renameExternalId', 'track', 'updateAlias'],
		});
	});

	it('gives every Get Many a Return All and a Limit', () => {
		for (const operation of ['getMany', 'getUserGroups', 'getUnsubscribes', 'getHardBounces', 'getManyItems', 'listCatalogs', 'getInvalidPhoneNumbers']) {
			const shown = (p: INodeProperties) => p.displayOptions?.show?.operation?.includes(operation);
			expect(description.properties.filter(shown).map((p) => p.name)).toEqual(expect.arrayContaining(['returnAll', 'limit']));
		}
	});

	it('follows n8n wording: booleans say "Whether", placeholders say "e.g."', () => {
		const all = (properties: INodeProperties[]): INodeProperties[] =>
			properties.flatMap((p) => [
				p,
				...all(((p.options ?? []) as Array<INodeProperties | { values?: INodeProperties[] }>).flatMap((o) => ('values' in o && o.values ? o.values : 'type' in o ? [o as INodeProperties] : []))),
			]);
		for (const property of all(description.properties)) {
			if (property.type === 'boolean' && property.description) expect(property.description).toMatch(/^Whether /);
			if (property.placeholder && !/^(Add|Select)/.test(property.placeholder)) expect(property.placeholder).toMatch(/^e\.g\. /);
		}
	});

	it('offers campaigns, Canvases and segments from a searchable list or by ID, catalogs from a list or by name', () => {
		const locators = description.properties.filter((p) => p.type === 'resourceLocator');
		expect([...new Set(locators.map((p) => p.name))].sort()).toEqual(['campaignId', 'canvasId', 'catalogName', 'segmentId']);
		for (const locator of locators) {
			expect(locator.default).toEqual({ mode: 'list', value: '' });
			expect(locator.modes!.map((m) => m.name)).toEqual(['list', locator.name === 'catalogName' ? 'name' : 'id']);
		}
		expect(Object.keys(new Braze().methods.listSearch).sort()).toEqual(['searchApiCampaigns', 'searchCampaigns', 'searchCanvases', 'searchCatalogs', 'searchSegments']);
	});
});

/**
 * What n8n reads from a property to store, default and show it, without the words (display names,
 * descriptions, placeholders): a lost field, a changed default or a changed condition shows here.
 */
const WORDS = new Set(['displayName', 'description', 'placeholder', 'hint', 'action']);

function shape(property: INodeProperties | INodePropertyOptions | { name: string; values?: INodeProperties[] }): unknown {
	if (!('type' in property) && !('values' in property)) return (property as INodePropertyOptions).value;
	const kept: Record<string, unknown> = {};
	for (const [key, value] of Object.entries(property)) {
		if (WORDS.has(key)) continue;
		if (key === 'options' || key === 'values') kept[key] = (value as Array<INodeProperties | INodePropertyOptions>).map((o) => shape(o));
		else if (key === 'modes') kept[key] = (value as Array<Record<string, unknown>>).map((mode) => Object.fromEntries(Object.entries(mode).filter(([k]) => !WORDS.has(k))));
		else kept[key] = value;
	}
	return kept;
}

/** Whether a top-level property can show for this resource and operation (other conditions aside). */
function mayShow(property: INodeProperties, resource: string, operation: string): boolean {
	const { show, hide } = property.displayOptions ?? {};
	if (show?.resource && !show.resource.includes(resource)) return false;
	if (show?.operation && !show.operation.includes(operation)) return false;
	if (hide?.resource?.includes(resource) || hide?.operation?.includes(operation)) return false;
	return true;
}

describe('Braze node description, field by field', () => {
	it('keeps every field, default and condition of every operation, in order', () => {
		const byOperation: Record<string, unknown[]> = {};
		for (const property of operations) {
			const resource = String(property.displayOptions!.show!.resource![0]);
			for (const { value } of property.options as INodePropertyOptions[]) {
				byOperation[`${resource}/${String(value)}`] = description.properties
					.filter((p) => mayShow(p, resource, String(value)))
					.map((p) => shape(p));
			}
		}
		expect({ count: description.properties.length, byOperation }).toMatchSnapshot();
	});
});

describe('Braze node credentials, as n8n resolves them', () => {
	// The same helpers n8n uses: fill in defaults, then decide which credential descriptions apply.
	const node = { typeVersion: 1 };
	const activeCredentials = (saved: Record<string, unknown>) => {
		const parameters = NodeHelpers.getNodeParameters(description.properties, saved as never, true, false, node, description)!;
		return description.credentials!.filter((c) => NodeHelpers.displayParameter(parameters, c, node, description)).map((c) => c.name);
	};

	it('asks for the REST key everywhere but Cohort, and for the Cohort Import key only where it is used', () => {
		expect(activeCredentials({ resource: 'user', operation: 'track' })).toEqual(['brazeApi']);
		expect(activeCredentials({ resource: 'message', operation: 'triggerCampaign' })).toEqual(['brazeApi']);
		expect(activeCredentials({ resource: 'cohort', operation: 'updateMembers' })).toEqual(['brazeCohortApi']);
		expect(activeCredentials({ resource: 'cohort', operation: 'createOrRename' })).toEqual(['brazeCohortApi']);
		expect(activeCredentials({ resource: 'change', operation: 'apply' })).toEqual(['brazeApi']);
		expect(activeCredentials({ resource: 'change', operation: 'apply', useCohortImport: true })).toEqual(['brazeApi', 'brazeCohortApi']);
	});
});
