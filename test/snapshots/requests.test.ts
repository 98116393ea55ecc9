/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
/**
 * Request snapshots: every Braze node operation runs its real execute() for a fixed input against
 * the sandbox, and the requests the sandbox received (method, path, query, body) must equal the
 * committed test/snapshots/requests/<resource>.<operation>.json (the pickers' searches:
 * test/snapshots/pickers.json). UPDATE_SNAPSHOTS=1 rewrites them; docs/operations.md is generated
 * from them (npm run docs:operations).
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

import type { INodeProperties } from 'n8n-workflow';

import { Braze } from '../../nodes/Braze/Braze.node';
import { type Sandbox, startSandbox } from '../../sandbox/server';
import { API_KEY, PARTNER, contextFor } from '../contract/braze.harness';
import { CASES, NOW, credentialsOf, inputItems } from './cases';
import { type OperationSnapshot, PICKERS_FILE, type PickersSnapshot, REQUESTS_DIR, redactor, serialize, snapshotFile, toSnapshotRequest } from './snapshot';

const UPDATE = process.env.UPDATE_SNAPSHOTS === '1';

const SECRETS: Record<string, string> = {
	[API_KEY]: '<API key>',
	[PARTNER.partnerApiKey]: '<partner API key>',
	[PARTNER.clientSecret]: '<data import key>',
};
const redact = redactor(SECRETS);

/** Display names as the node shows them: resource value → name, and resource/operation → name. */
function displayNames() {
	const properties = new Braze().description.properties;
	const resources = new Map<string, string>();
	for (const option of (properties.find((p) => p.name === 'resource')!.options ?? []) as Array<{ name: string; value: string }>) {
		resources.set(option.value, option.name);
	}
	const operations = new Map<string, string>();
	for (const property of properties.filter((p: INodeProperties) => p.name === 'operation')) {
		const [resource] = property.displayOptions!.show!.resource as string[];
		for (const option of (property.options ?? []) as Array<{ name: string; value: string }>) operations.set(`${resource}.${option.value}`, option.name);
	}
	return { resources, operations };
}

describe('Braze node request snapshots (against the sandbox)', () => {
	let sb: Sandbox;
	const names = displayNames();

	beforeAll(async () => {
		sb = await startSandbox();
	});
	afterAll(async () => await sb.close());
	beforeEach(() => {
		// Only the clock is fixed: the HTTP stack keeps its real timers.
		jest.useFakeTimers({
			now: new Date(NOW),
			doNotFake: ['hrtime', 'nextTick', 'performance', 'queueMicrotask', 'setImmediate', 'clearImmediate', 'setInterval', 'clearInterval', 'setTimeout', 'clearTimeout'],
		});
	});
	afterEach(() => jest.useRealTimers());

	it('has a case for every operation the node offers, and no snapshot without a case', () => {
		expect(CASES.map((c) => `${c.resource}.${c.operation}`).sort()).toEqual([...names.operations.keys()].sort());
		if (!existsSync(REQUESTS_DIR)) return;
		const files = readdirSync(REQUESTS_DIR).filter((file) => file.endsWith('.json'));
		expect(files.sort()).toEqual(CASES.map((c) => `${c.resource}.${c.operation}.json`).sort());
	});

	it.each(CASES.map((c) => [`${c.resource} > ${c.operation}`, c] as const))('%s sends the snapshotted requests', async (_label, operationCase) => {
		const snapshot: OperationSnapshot = {
			resource: operationCase.resource,
			resourceName: names.resources.get(operationCase.resource)!,
			operation: operationCase.operation,
			operationName: names.operations.get(`${operationCase.resource}.${operationCase.operation}`)!,
			clock: NOW,
			examples: [],
		};
		for (const example of operationCase.examples) {
			sb.reset();
			await example.setup?.(sb);
			sb.state.requests.clear();
			const ctx = contextFor(sb, {
				items: inputItems(example),
				// One request at a time: the log then holds them in the order the planner made them.
				parameters: (i) => ({ sendingOptions: { concurrency: 1 }, ...example.parameters(i) }),
				credentials: credentialsOf(sb, example),
			});
			const [output] = await new Braze().execute.call(ctx as never);
			// An example documents a request Braze accepts: every item succeeded.
			expect(output.filter((item) => item.json.error !== undefined)).toEqual([]);
			const log = sb.state.requests.list();
			expect(log.map((entry) => [entry.path, entry.status]).filter(([, status]) => (status as number) >= 300)).toEqual([]);
			snapshot.examples.push({ title: example.title, items: example.items.length, requests: log.map((entry) => toSnapshotRequest(entry, redact)) });
		}

		matchSnapshot(snapshotFile(operationCase.resource, operationCase.operation), serialize(snapshot));
	});

	it('the Campaign, Canvas and Segment pickers send the snapshotted requests', async () => {
		const { listSearch } = new Braze().methods;
		const snapshot: PickersSnapshot = { clock: NOW, pickers: [] };
		for (const method of ['searchCampaigns', 'searchCanvases', 'searchSegments'] as const) {
			sb.reset();
			const { results } = await listSearch[method].call(contextFor(sb, { parameters: {} }) as never);
			expect(results.length).toBeGreaterThan(0);
			snapshot.pickers.push({ method, requests: sb.state.requests.list().map((entry) => toSnapshotRequest(entry, redact)) });
		}
		matchSnapshot(PICKERS_FILE, serialize(snapshot));
	});
});

/** Fails unless the committed file holds exactly `text`; UPDATE_SNAPSHOTS=1 writes it instead. */
function matchSnapshot(file: string, text: string): void {
	for (const secret of Object.keys(SECRETS)) expect(text).not.toContain(secret);
	if (UPDATE) {
		mkdirSync(dirname(file), { recursive: true });
		writeFileSync(file, text);
		return;
	}
	if (!existsSync(file)) throw new Error(`No snapshot at ${file}: run with UPDATE_SNAPSHOTS=1 to write it`);
	expect(JSON.parse(text)).toEqual(JSON.parse(readFileSync(file, 'utf8')));
	// Same content, same bytes: the committed file is exactly what an update would write.
	expect(text).toBe(readFileSync(file, 'utf8'));
}
