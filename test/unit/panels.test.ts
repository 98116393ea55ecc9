/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-dangerous-functions -- a test: it reads the codex file and evaluates our own subtitle expressions */
/**
 * What the editor shows of our nodes, read from their descriptions the way n8n renders them:
 * labels short enough for the panel, option names free of mangled paths and field names, notices
 * in the HTML n8n's notice keeps, subtitles in words, the Braze node findable by its aliases, and
 * outputs Table view can show. And the AI-tool side: which nodes are tools, and the refusals.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties, INodePropertyOptions, INodeTypeDescription } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import { Braze } from '../../nodes/Braze/Braze.node';
import { BrazeTrigger } from '../../nodes/BrazeTrigger/BrazeTrigger.node';
import { GrowthLoopTrigger } from '../../nodes/GrowthLoopTrigger/GrowthLoopTrigger.node';
import { Ketch } from '../../nodes/Ketch/Ketch.node';
import { KetchTrigger } from '../../nodes/KetchTrigger/KetchTrigger.node';
import { KomoTrigger } from '../../nodes/KomoTrigger/KomoTrigger.node';
import { Kubit } from '../../nodes/Kubit/Kubit.node';

const NODES: INodeTypeDescription[] = [Braze, BrazeTrigger, GrowthLoopTrigger, Ketch, KetchTrigger, KomoTrigger, Kubit].map((N) => new N().description);
const byName = (name: string) => NODES.find((d) => d.name === name)!;

interface Label {
	node: string;
	/** 0: a top-level parameter; 1: inside a collection or fixedCollection; 2: a fixedCollection row's field. */
	depth: number;
	text: string;
}

/** Every label the panel can show: parameters, collection options and fixedCollection fields. */
function labels(description: INodeTypeDescription): Label[] {
	const out: Label[] = [];
	const walk = (properties: INodeProperties[], depth: number) => {
		for (const property of properties) {
			if (property.type !== 'notice') out.push({ node: description.name, depth, text: property.displayName });
			for (const option of (property.options ?? []) as Array<INodeProperties | { displayName: string; values?: INodeProperties[] }>) {
				if ('values' in option && option.values) walk(option.values, depth + 1);
				else if ('type' in option) walk([option], depth + 1);
			}
		}
	};
	walk(description.properties, 0);
	return out;
}

/** Every option name of every options / multiOptions parameter, at any depth. */
function optionNames(properties: INodeProperties[]): string[] {
	return properties.flatMap((property) =>
		((property.options ?? []) as Array<INodePropertyOptions | INodeProperties | { values?: INodeProperties[] }>).flatMap((option) => {
			if ('values' in option && option.values) return optionNames(option.values);
			if ('type' in option) return optionNames([option as INodeProperties]);
			return 'value' in option ? [(option as INodePropertyOptions).name] : [];
		}),
	);
}

/** Evaluates a subtitle as n8n does for the canvas: an `={{ … }}` JavaScript expression over $parameter. */
function subtitleOf(description: INodeTypeDescription, parameters: IDataObject): string {
	const subtitle = String(description.subtitle ?? '');
	const body = subtitle.replace(/^=\{\{/, '').replace(/\}\}$/, '');
	return String(new Function('$parameter', `return (${body});`)(parameters));
}

describe('panel labels', () => {
	// n8n truncates a label wider than its row. Reported cut off: 31 characters inside a collection
	// ("Remember Deliveries For (Hours)") and 27 in a fixedCollection row ("Braze Subscription Group
	// ID"); each level of nesting costs the row its indent and its delete button.
	const BUDGET = [40, 29, 24];

	it.each(NODES.map((d) => [d.displayName, d] as const))('%s: every label fits its row', (_name, description) => {
		const tooLong = labels(description).filter((label) => label.text.length > BUDGET[Math.min(label.depth, 2)]);
		expect(tooLong).toEqual([]);
	});

	it('option names carry no endpoint paths or field names (n8n Title Case mangles them: "/email/Status", "Home_city")', () => {
		for (const description of NODES) {
			for (const name of optionNames(description.properties)) {
				expect([description.name, name, /\/[A-Za-z]|\b[A-Z][a-z]+_[a-z]/.test(name)]).toEqual([description.name, name, false]);
			}
		}
	});
});

describe('notices', () => {
	const notices = NODES.flatMap((d) => d.properties.filter((p) => p.type === 'notice').map((p) => ({ node: d.name, html: p.displayName })));

	it('use only the tags n8n 2.40 keeps in a notice (a, ul, li: <br> and <code> are dropped)', () => {
		for (const { node, html } of notices) {
			const tags = [...html.matchAll(/<\/?([a-z0-9]+)/gi)].map((m) => m[1].toLowerCase());
			expect([node, tags.filter((tag) => !['a', 'ul', 'li'].includes(tag))]).toEqual([node, []]);
		}
	});

	it('put JSON in list items, never a long inline object in a sentence', () => {
		for (const { node, html } of notices) {
			const inline = html.split(/<[^>]+>/).filter((run) => run.length > 80 && /\{[^{}]*("[^"]*"\s*:[^{}]*){3,}/.test(run));
			expect([node, inline]).toEqual([node, []]);
		}
	});

	it('link documentation with an absolute URL, never a repository path', () => {
		for (const { node, html } of notices) {
			const text = html.replace(/<a [^>]*>/g, '');
			expect([node, text.match(/\b[\w-]+\/[\w-]+\.md\b/g)]).toEqual([node, null]);
			for (const [, href] of html.matchAll(/href="([^"]*)"/g)) expect(href).toMatch(/^https:\/\//);
		}
	});

	it('GrowthLoop: the notice carries the body template and a link to the setup guide', () => {
		const html = byName('growthLoopTrigger').properties.find((p) => p.name === 'intro')!.displayName;
		expect(html).toContain('"members": [');
		expect(html).toContain('"audience": {');
		expect(html).toMatch(/<a href="https:\/\/[^"]+\/docs\/growthloop\.md" target="_blank">/);
	});

	it('Komo: the recommended body is one list item a key, not a paragraph of JSON', () => {
		const html = byName('komoTrigger').properties.find((p) => p.name === 'bodyTemplateNotice')!.displayName;
		const items = [...html.matchAll(/<li>([^<]*)<\/li>/g)].map((m) => m[1]);
		expect(items.map((item) => item.split(':')[0])).toEqual(['"trigger"', '"occurredAt"', '"card"', '"contact"', '"form"', '"answers"', '"consent"']);
	});
});

describe('subtitles read as words', () => {
	const raw = /[a-z][A-Z]|_|undefined|^\s*$/; // camelCase values, snake_case values, nothing

	it('Braze: every resource and operation', () => {
		const braze = byName('braze');
		for (const property of braze.properties.filter((p) => p.name === 'operation')) {
			for (const resource of property.displayOptions!.show!.resource as string[]) {
				for (const option of property.options as INodePropertyOptions[]) {
					const subtitle = subtitleOf(braze, { resource, operation: option.value });
					expect([resource, option.value, raw.test(subtitle)]).toEqual([resource, option.value, false]);
					// n8n cuts the canvas subtitle near 28 characters ("sendTransactionalEmail: mes…").
					expect([resource, option.value, subtitle.length <= 28]).toEqual([resource, option.value, true]);
				}
			}
		}
		expect(subtitleOf(braze, { resource: 'message', operation: 'sendTransactionalEmail' })).toBe('Send a transactional email');
	});

	it('Komo Trigger: each user mapping', () => {
		const komo = byName('komoTrigger');
		const mappings = (komo.properties.find((p) => p.name === 'userMapping')!.options as INodePropertyOptions[]).map((o) => o.value);
		for (const userMapping of mappings) expect(subtitleOf(komo, { userMapping })).not.toMatch(raw);
		expect(subtitleOf(komo, { userMapping: 'alias_email' })).toBe('Users by email alias');
	});

	it('Ketch: each status', () => {
		const ketch = byName('ketch');
		const statuses = (ketch.properties.find((p) => p.name === 'status')!.options as INodePropertyOptions[]).map((o) => o.value);
		for (const status of statuses) expect(subtitleOf(ketch, { operation: 'sendStatusEvent', status })).not.toMatch(raw);
		expect(subtitleOf(ketch, { operation: 'sendStatusEvent', status: 'in_progress' })).toBe('Send in progress status event');
	});
});

describe('Braze node words', () => {
	it('is found in the node panel by what it does: codex aliases', () => {
		const codex = JSON.parse(readFileSync(join(__dirname, '../../nodes/Braze/Braze.node.json'), 'utf8'));
		expect(codex.alias).toEqual(expect.arrayContaining(['customer engagement', 'CRM', 'push', 'email marketing']));
	});

	it('names the partner-change operation for what it does, keeping the saved values change/apply', () => {
		const braze = byName('braze');
		const resource = (braze.properties.find((p) => p.name === 'resource')!.options as INodePropertyOptions[]).find((o) => o.value === 'change')!;
		const operation = (braze.properties.find((p) => p.name === 'operation' && p.displayOptions?.show?.resource?.includes('change'))!.options as INodePropertyOptions[])[0];
		expect([resource.name, operation.value, operation.name]).toEqual(['Partner Change', 'apply', 'Send to Braze']);
	});
});

describe('Kubit summary item', () => {
	/** Paths of keys whose value is undefined: Table view shows each as a red "undefined" cell. */
	const undefinedKeys = (value: unknown, path = ''): string[] =>
		value && typeof value === 'object'
			? Object.entries(value).flatMap(([key, child]) => (child === undefined ? [`${path}${key}`] : undefinedKeys(child, `${path}${key}.`)))
			: [];

	it.each([
		['array attribute, static data', { writeMode: 'arrayAttribute' }],
		['boolean attribute', { writeMode: 'booleanAttribute' }],
		['Cohort Import', { writeMode: 'cohortImport' }],
		['second input', { previousSource: 'secondInput' }],
		['no previous members (the one-time template)', { previousSource: 'none', matchBy: 'externalIdElseDeviceId', deviceIdField: 'device_id', inputShape: 'items', options: {} }],
	])('has no key without a value (%s)', async (_name, extra) => {
		const parameters: IDataObject = { cohortId: '12345', cohortName: 'Power Users', previousSource: 'staticData', ...extra };
		const inputs = [[{ json: { external_id: 'u1' } }, { json: { external_id: 'u2' } }], [{ json: { external_id: 'u0' } }]];
		const context = {
			getNode: () => ({ id: 'k', name: 'Kubit', type: 'n8n-nodes-braze.kubit', typeVersion: 1, position: [0, 0], parameters: {} }),
			getInputData: (input = 0) => inputs[input],
			getNodeParameter: (name: string, _item: number, fallback?: unknown) => (name in parameters ? parameters[name] : fallback),
			getWorkflowStaticData: () => ({}),
			getMode: () => 'trigger',
			continueOnFail: () => false,
		} as unknown as IExecuteFunctions;
		const [output] = await new Kubit().execute.call(context);
		expect(output.length).toBeGreaterThan(1);
		for (const item of output) expect(undefinedKeys(item.json)).toEqual([]);
	});
});

describe('as AI agent tools', () => {
	it('the Braze node is a tool with its own description; triggers, Kubit and Ketch are not', () => {
		const tools = NODES.filter((d) => d.usableAsTool).map((d) => d.name);
		expect(tools).toEqual(['braze']);
		const usable = byName('braze').usableAsTool;
		expect(typeof usable === 'object' && usable.replacements?.description).toMatch(/Confirm/);
	});

	const braze = new Braze();
	const toolConfirm = braze.description.properties.filter((p) => p.name === 'toolConfirm');

	it('shows Confirm only in the tool variant, and only for Delete, Merge, Blocklist and broadcasts', () => {
		const shown = (name: string, parameters: IDataObject) =>
			toolConfirm.some((property) =>
				NodeHelpers.displayParameter(parameters as never, property, { typeVersion: 1 } as never, { ...braze.description, name } as INodeTypeDescription),
			);
		expect(shown('brazeTool', { resource: 'user', operation: 'delete' })).toBe(true);
		expect(shown('braze', { resource: 'user', operation: 'delete' })).toBe(false);
		expect(shown('brazeTool', { resource: 'user', operation: 'merge' })).toBe(true);
		expect(shown('brazeTool', { resource: 'email', operation: 'blocklist' })).toBe(true);
		expect(shown('brazeTool', { resource: 'message', operation: 'sendNow', sendTo: 'segment' })).toBe(true);
		expect(shown('brazeTool', { resource: 'message', operation: 'sendNow', sendTo: 'recipients' })).toBe(false);
		expect(shown('brazeTool', { resource: 'user', operation: 'track' })).toBe(false);
	});

	/** Runs the Braze node once with one item; records every HTTP request it makes. */
	async function runBraze(type: string, parameters: IDataObject) {
		const requests: IDataObject[] = [];
		const context = {
			getNode: () => ({ id: 'b', name: 'Braze', type, typeVersion: 1, position: [0, 0], parameters }),
			getInputData: () => [{ json: {} }] as INodeExecutionData[],
			getNodeParameter: (name: string, _item: number, fallback?: unknown) => (name in parameters ? parameters[name] : fallback),
			getCredentials: async () => ({ apiKey: 'test-key', instance: 'custom', customUrl: 'https://braze.test' }),
			continueOnFail: () => false,
			getMode: () => 'manual',
			getExecutionCancelSignal: () => undefined,
			helpers: {
				httpRequestWithAuthentication: async (_credential: string, options: IDataObject) => {
					requests.push(options);
					return { body: { message: 'success', deleted: 1 }, headers: {}, statusCode: 201 };
				},
			},
		} as unknown as IExecuteFunctions;
		const result = await braze.execute.call(context).then(
			(output) => ({ output, error: undefined }),
			(error: Error) => ({ output: undefined, error }),
		);
		return { ...result, requests };
	}

	const deleteUser = { resource: 'user', operation: 'delete', identifyBy: 'external_id', externalId: 'u1' };

	it('as a tool, refuses Delete without Confirm and sends nothing', async () => {
		const { error, requests } = await runBraze('n8n-nodes-braze.brazeTool', deleteUser);
		expect(error?.message).toBe('[item 0] Deleting a user cannot be undone: not confirmed, so nothing was sent to Braze');
		expect(requests).toEqual([]);
	});

	it('as a tool, refuses a broadcast without Confirm even when Confirm Broadcast is on', async () => {
		const { error, requests } = await runBraze('n8n-nodes-braze.brazeTool', {
			resource: 'message',
			operation: 'sendNow',
			sendTo: 'segment',
			confirmBroadcast: true,
			segmentId: { __rl: true, mode: 'id', value: 'seg-1' },
			messages: '{"email": {"app_id": "a", "subject": "Hi", "body": "Hi"}}',
		});
		expect(error?.message).toMatch(/^\[item 0\] A broadcast messages every user in the audience: not confirmed/);
		expect(requests).toEqual([]);
	});

	it('as a tool with Confirm, and as a regular node without it, Delete goes to Braze', async () => {
		for (const [type, parameters] of [
			['n8n-nodes-braze.brazeTool', { ...deleteUser, toolConfirm: true }],
			['n8n-nodes-braze.braze', deleteUser],
		] as const) {
			const { error, requests } = await runBraze(type, parameters);
			expect([type, error?.message]).toEqual([type, undefined]);
			expect(requests.map((r) => String(r.url))).toEqual([expect.stringMatching(/\/users\/delete$/)]);
		}
	});
});
