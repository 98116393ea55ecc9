/**
 * The benchmark's workflows: one generator, then one contender. Every workflow starts with a
 * Webhook (POST, answers when the last node is done, no body), so a run is timed by the HTTP call
 * on an n8n that is already up: no process start-up inside the measurement.
 */
import { randomUUID } from 'node:crypto';

import { type Template, type TemplateNode, chain, workflowNode as node } from '../../harness/templates';

export type Contender = 'braze' | 'apply' | 'naive' | 'expert';
/**
 * What a workflow runs: a contender, or a baseline: the generator alone (what every contender
 * shares), or the generator and Apply Changes' Code node (what Apply's Braze node gets as input).
 */
export type Workload = Contender | 'generator' | 'changes';

export function isBaseline(workload: Workload): workload is 'generator' | 'changes' {
	return workload === 'generator' || workload === 'changes';
}

export const CONTENDER_LABELS: Record<Workload, string> = {
	braze: 'Braze node, User > Track (Map Automatically: item fields, no expression per item)',
	apply: 'Braze node, Change > Apply (Code node maps items to changes)',
	naive: 'HTTP Request, one call per item (naive)',
	expert: 'Code node groups by batch + HTTP Request (expert)',
	generator: 'generator only (n8n making and holding the N items)',
	changes: "generator + Apply's Code node only (n8n making and holding the N items' changes)",
};

export interface BenchCredentials {
	/** brazeApi credential (the package). */
	braze: { id: string; name: string };
	/** httpHeaderAuth credential: what a user without the package sets up for the HTTP Request node. */
	header: { id: string; name: string };
}

export interface WorkflowSpec {
	contender: Workload;
	/** Webhook path; the run is POST /webhook/<path>. */
	path: string;
	sandboxUrl: string;
	credentials: BenchCredentials;
	/** Items per /users/track request: objects per request / 2 (1 attributes + 1 event per item). */
	itemsPerRequest: number;
	/** Braze node: Sending Options > Concurrency. */
	concurrency: number;
	/** Naive flow: HTTP Request Batching (items per batch, ms between batches); none by default. */
	naiveBatch?: { size: number; intervalMs: number };
	/** Save successful runs (with their run data), to read each node's time back: diagnosis only. */
	saveSuccess?: boolean;
}

export const EVENT_NAME = 'bench_event';
export const ID_PREFIX = 'bench-';

/** What the generator gives item i, and so what Braze must hold for user `bench-<i>` afterwards. */
export function expectedAttributes(i: number): Record<string, unknown> {
	return { plan: i % 2 === 0 ? 'pro' : 'free', score: i, vip: i % 3 === 0 };
}

/**
 * Makes N items inside n8n from the webhook body `{ "n": N }`, one Code node run (task runner):
 * `{ external_id, plan, score, vip }`. Same generator for every contender.
 */
const GENERATOR_CODE = `const n = Number($input.first().json.body.n);
const out = new Array(n);
for (let i = 0; i < n; i++) {
  out[i] = { json: { external_id: '${ID_PREFIX}' + i, plan: i % 2 === 0 ? 'pro' : 'free', score: i, vip: i % 3 === 0 } };
}
return out;`;

/**
 * The expert workaround: group the items by the batch limit, one item per /users/track body.
 * ITEMS is replaced with the batch size.
 */
const EXPERT_CODE = `const items = $input.all();
const size = ITEMS;
const time = new Date().toISOString();
const out = [];
for (let start = 0; start < items.length; start += size) {
  const attributes = [];
  const events = [];
  for (const { json } of items.slice(start, start + size)) {
    attributes.push({ external_id: json.external_id, plan: json.plan, score: json.score, vip: json.vip });
    events.push({ external_id: json.external_id, name: '${EVENT_NAME}', time });
  }
  out.push({ json: { attributes, events } });
}
return out;`;

/** For the Apply Changes variant: map each item to its Braze changes in one Code node run. */
const TO_CHANGES_CODE = `const time = new Date().toISOString();
return $input.all().map(({ json }) => {
  const user = { external_id: json.external_id };
  return { json: { brazeChanges: [
    { type: 'attributes', user, attributes: { plan: json.plan, score: json.score, vip: json.vip } },
    { type: 'event', user, name: '${EVENT_NAME}', time },
  ] } };
});`;

/** A Code node running `jsCode` once over all items. */
function codeNode(name: string, x: number, jsCode: string): TemplateNode {
	return node(name, 'n8n-nodes-base.code', 2, x, { mode: 'runOnceForAllItems', language: 'javaScript', jsCode });
}

function httpRequest(
	name: string,
	x: number,
	spec: WorkflowSpec,
	jsonBody: string,
	batching?: { size: number; intervalMs: number },
): TemplateNode {
	return node(
		name,
		'n8n-nodes-base.httpRequest',
		4.2,
		x,
		{
			method: 'POST',
			url: `${spec.sandboxUrl}/users/track`,
			authentication: 'genericCredentialType',
			genericAuthType: 'httpHeaderAuth',
			sendBody: true,
			specifyBody: 'json',
			jsonBody,
			options: batching
				? { batching: { batch: { batchSize: batching.size, batchInterval: batching.intervalMs } } }
				: {},
		},
		{ credentials: { httpHeaderAuth: spec.credentials.header } },
	);
}

/** Names of the nodes whose run time is the contender's own (the generator excluded). */
export function contenderNodes(contender: Workload): string[] {
	switch (contender) {
		case 'generator':
		case 'changes':
			return [];
		case 'braze':
			return ['Braze: Track'];
		case 'apply':
			return ['Code: to Braze changes', 'Braze: Apply Changes'];
		case 'naive':
			return ['HTTP: one call per item'];
		case 'expert':
			return ['Code: group by batch', 'HTTP: one call per batch'];
	}
}

export function buildWorkflow(spec: WorkflowSpec): Template {
	const webhook = node(
		'Webhook',
		'n8n-nodes-base.webhook',
		2,
		0,
		{
			httpMethod: 'POST',
			path: spec.path,
			responseMode: 'lastNode',
			responseData: 'noData',
			options: {},
		},
		{ webhookId: randomUUID() },
	);
	const generator = codeNode('Generate items', 220, GENERATOR_CODE);
	let tail: TemplateNode[];
	switch (spec.contender) {
		case 'generator':
			tail = [];
			break;
		case 'changes':
			tail = [codeNode('Code: to Braze changes', 440, TO_CHANGES_CODE)];
			break;
		case 'braze':
			tail = [
				node(
					'Braze: Track',
					'n8n-nodes-braze.braze',
					1,
					440,
					{
						resource: 'user',
						operation: 'track',
						identifyBy: 'external_id',
						inputMode: 'autoMap',
						identifierField: 'external_id',
						fieldsToSend: 'plan, score, vip',
						autoEventName: EVENT_NAME,
						trackOptions: {},
						sendingOptions: { concurrency: spec.concurrency },
					},
					{ credentials: { brazeApi: spec.credentials.braze } },
				),
			];
			break;
		case 'apply':
			tail = [
				codeNode('Code: to Braze changes', 440, TO_CHANGES_CODE),
				node(
					'Braze: Apply Changes',
					'n8n-nodes-braze.braze',
					1,
					660,
					{
						resource: 'change',
						operation: 'apply',
						changesSource: 'field',
						changesField: 'brazeChanges',
						applyOutput: 'results',
						sendingOptions: { concurrency: spec.concurrency },
					},
					{ credentials: { brazeApi: spec.credentials.braze } },
				),
			];
			break;
		case 'naive':
			tail = [
				httpRequest(
					'HTTP: one call per item',
					440,
					spec,
					`={{ JSON.stringify({ attributes: [{ external_id: $json.external_id, plan: $json.plan, score: $json.score, vip: $json.vip }], events: [{ external_id: $json.external_id, name: '${EVENT_NAME}', time: $now.toISO() }] }) }}`,
					spec.naiveBatch,
				),
			];
			break;
		case 'expert':
			tail = [
				codeNode('Code: group by batch', 440, EXPERT_CODE.replace('ITEMS', String(spec.itemsPerRequest))),
				httpRequest('HTTP: one call per batch', 660, spec, '={{ JSON.stringify($json) }}'),
			];
			break;
	}
	const nodes = [webhook, generator, ...tail];
	return {
		name: `bench: ${spec.contender}`,
		nodes,
		connections: chain(...nodes.map((n) => n.name)),
		// Run data of 3 x N items is not saved on success: n8n's cost, the same for every contender, and
		// at 1,000,000 items it would not fit in one string. Failed runs are kept, to read why.
		settings: {
			executionOrder: 'v1',
			saveDataSuccessExecution: spec.saveSuccess ? 'all' : 'none',
			saveManualExecutions: false,
			saveDataErrorExecution: 'all',
			saveExecutionProgress: false,
		},
	};
}
