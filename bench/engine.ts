/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, no-console, @n8n/community-nodes/no-dangerous-functions */
/**
 * The package's own cost per item, without n8n: the Braze node's route() (build changes,
 * validate, plan, send, outcomes, output items) on N items, with a stub n8n context that answers
 * parameters from plain values and every HTTP request at once with Braze's success. What is left
 * is our code's CPU and memory; `npm run bench` measures the same node inside real n8n.
 *
 *   npx tsx bench/engine.ts [apply|track] [N]          (default: both, 100000)
 *   UNPACED=1 npx tsx bench/engine.ts ...              the stub's answers carry no rate-limit headers, so the
 *                                                      pacer does not spread the requests over Braze's
 *                                                      1,000 a second: the package's CPU without the waiting
 *   npx tsx bench/engine.ts memory [N]                 heap kept by each stage of the pipeline if a run held
 *                                                      it all (Dry Run, Send Only Changes), and what a streamed
 *                                                      run keeps for its whole length (the planner's keys)
 *
 * track: User > Track with the parameter values read straight from the item, i.e. what Track
 * costs once n8n evaluates no expression per item. Prints one JSON line per variant.
 */
import { spawnSync } from 'node:child_process';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { route } from '../nodes/Braze/actions/router';
import { parseChange } from '../nodes/shared/braze/changes';
import { outcomesOf } from '../nodes/shared/braze/outcomes';
import { Planner, plan } from '../nodes/shared/braze/planner';
import { EVENT_NAME, ID_PREFIX } from './lib/workflows';

/** Answers without X-RateLimit-* headers (UNPACED=1): see the header comment. */
const UNPACED = process.env.UNPACED === '1';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

type Variant = 'apply' | 'track';

function items(n: number, variant: Variant): INodeExecutionData[] {
	const time = new Date().toISOString();
	const out = new Array<INodeExecutionData>(n);
	for (let i = 0; i < n; i++) {
		const json: IDataObject = {
			external_id: `${ID_PREFIX}${i}`,
			plan: i % 2 === 0 ? 'pro' : 'free',
			score: i,
			vip: i % 3 === 0,
		};
		if (variant === 'apply') {
			const user = { external_id: json.external_id };
			out[i] = {
				json: {
					brazeChanges: [
						{
							type: 'attributes',
							user,
							attributes: { plan: json.plan, score: json.score, vip: json.vip },
						},
						{ type: 'event', user, name: EVENT_NAME, time },
					],
				},
			};
		} else out[i] = { json };
	}
	return out;
}

function parameters(variant: Variant): Record<string, (item: IDataObject) => unknown> {
	const fixed = (value: unknown) => () => value;
	if (variant === 'apply') {
		return {
			resource: fixed('change'),
			operation: fixed('apply'),
			changesSource: fixed('field'),
			changesField: fixed('brazeChanges'),
			useCohortImport: fixed(false),
			applyOutput: fixed('results'),
			sendingOptions: fixed({ concurrency: 8 }),
		};
	}
	return {
		resource: fixed('user'),
		operation: fixed('track'),
		identifyBy: fixed('external_id'),
		externalId: (item) => item.external_id,
		inputMode: fixed('fields'),
		standardAttributes: fixed({}),
		'customAttributes.attribute': (item) => [
			{ name: 'plan', attributeAction: 'set', value: item.plan },
			{ name: 'score', attributeAction: 'set', value: item.score },
			{ name: 'vip', attributeAction: 'set', value: item.vip },
		],
		'subscriptionGroups.group': fixed([]),
		event: fixed({ name: EVENT_NAME }),
		purchase: fixed({}),
		trackOptions: fixed({}),
		sendingOptions: fixed({ concurrency: 8 }),
	};
}

function stubContext(
	input: INodeExecutionData[],
	variant: Variant,
	counters: { requests: number },
): IExecuteFunctions {
	const params = parameters(variant);
	const node = {
		id: 'bench',
		name: 'Braze',
		type: 'n8n-nodes-braze.braze',
		typeVersion: 1,
		position: [0, 0],
		// As n8n stores them: the per-item values are expressions (read per item), the rest literals.
		parameters: variant === 'track' ? { externalId: '={{ $json.external_id }}', customAttributes: { attribute: '={{ [] }}' } } : {},
	};
	const ctx = {
		getInputData: () => input,
		getNode: () => node,
		continueOnFail: () => false,
		getNodeParameter: (name: string, itemIndex: number, fallback?: unknown) => {
			const read = params[name];
			return read ? read(input[itemIndex]?.json ?? {}) : fallback;
		},
		getCredentials: async () => ({
			apiKey: 'key',
			instance: 'custom',
			customUrl: 'http://127.0.0.1:1',
			trackBatchLimit: 'auto',
		}),
		helpers: {
			httpRequestWithAuthentication: async (
				_credential: string,
				options: { body?: IDataObject },
			) => {
				counters.requests++;
				await new Promise((resolve) => setImmediate(resolve));
				const body = options.body ?? {};
				return {
					statusCode: 201,
					headers: UNPACED ? {} : {
						'x-ratelimit-limit': '3000',
						'x-ratelimit-remaining': '2999',
						'x-ratelimit-reset': String(Math.ceil(Date.now() / 1000) + 3),
					},
					body: {
						message: 'success',
						...(Array.isArray(body.attributes)
							? { attributes_processed: body.attributes.length }
							: {}),
						...(Array.isArray(body.events) ? { events_processed: body.events.length } : {}),
					},
				};
			},
		},
	};
	return ctx as unknown as IExecuteFunctions;
}

async function runVariant(variant: Variant, n: number): Promise<void> {
	const input = items(n, variant);
	gc();
	const heapBefore = process.memoryUsage().heapUsed;
	const rssBefore = process.memoryUsage().rss;
	const counters = { requests: 0 };
	const ctx = stubContext(input, variant, counters);
	const cpu0 = process.cpuUsage();
	const t0 = performance.now();
	const [output] = await route.call(ctx);
	const ms = performance.now() - t0;
	const cpu = process.cpuUsage(cpu0);
	const peakRss = process.resourceUsage().maxRSS * 1024;
	gc();
	const heapAfter = process.memoryUsage().heapUsed;
	const failed = output.filter((item) => item.json.success !== true).length;
	console.log(
		JSON.stringify({
			variant,
			n,
			outputItems: output.length,
			failed,
			requests: counters.requests,
			ms: Math.round(ms),
			usPerItem: Number(((1000 * ms) / n).toFixed(1)),
			cpuMs: Math.round((cpu.user + cpu.system) / 1000),
			/** Heap the output items keep (after a full GC), per item. */
			retainedBytesPerItem: Math.round((heapAfter - heapBefore) / n),
			/** Peak RSS above the RSS once the input existed, per item: everything the node held at its peak. */
			peakBytesPerItem: Math.round((peakRss - rssBefore) / n),
		}),
	);
}

/** Live heap each stage of the change pipeline adds, per item (2 changes an item), after a full GC. */
function memoryBreakdown(n: number): void {
	const time = new Date().toISOString();
	const raw: unknown[] = [];
	for (let i = 0; i < n; i++) {
		const user = { external_id: `${ID_PREFIX}${i}` };
		raw.push(
			{ type: 'attributes', user, attributes: { plan: 'pro', score: i, vip: true } },
			{ type: 'event', user, name: EVENT_NAME, time },
		);
	}
	gc();
	let heap = process.memoryUsage().heapUsed;
	const stages: Record<string, number> = {};
	const stage = (name: string) => {
		gc();
		const now = process.memoryUsage().heapUsed;
		stages[name] = Math.round((now - heap) / n);
		heap = now;
	};
	const parsed = raw.map((change) => {
		const result = parseChange(change);
		if (!result.ok) throw new Error(result.error);
		return result.change;
	});
	stage('parsedChanges');
	const entries = parsed.map((change, ref) => ({ change, ref }));
	stage('planEntries');
	const t0 = performance.now();
	const requests = plan(entries, { trackLimit: 'auto' });
	const planMs = performance.now() - t0;
	stage('plan');
	const outcomes = requests.flatMap((request) =>
		outcomesOf(request, {
			ok: true,
			statusCode: 201,
			body: { message: 'success' },
			attempts: 1,
			rateLimited: 0,
			resentAfterNetworkFailure: false,
		}),
	);
	stage('outcomes');
	// What a streamed run (the node's default) keeps for the whole run besides the output items:
	// the planner's one number per key. Everything above is let go of request by request.
	const counts = { requests: requests.length, outcomes: outcomes.length };
	parsed.length = 0;
	entries.length = 0;
	requests.length = 0;
	outcomes.length = 0;
	stage('released');
	const planner = new Planner({ trackLimit: 'auto' }, () => undefined);
	for (let i = 0; i < raw.length; i++) {
		const result = parseChange(raw[i]);
		if (result.ok) planner.push({ change: result.change, ref: i });
	}
	stage('streamedPlannerKeys');
	const opened = planner.opened; // keeps the planner alive through the measurement above
	console.log(
		JSON.stringify({
			n,
			changes: raw.length,
			...counts,
			streamedRequests: opened,
			planMs: Math.round(planMs),
			bytesPerItem: stages,
		}),
	);
}

async function main(): Promise<void> {
	const [only, count] = process.argv.slice(2);
	const n = Number(count ?? process.env.N ?? 100_000);
	if (only === 'memory') {
		memoryBreakdown(n);
		return;
	}
	if (only === 'apply' || only === 'track') {
		await runVariant(only, n);
		return;
	}
	// One process per variant, so each peak RSS is its own.
	for (const variant of ['apply', 'track'] as const) {
		const child = spawnSync(
			process.execPath,
			[...process.execArgv, __filename, variant, String(n)],
			{ encoding: 'utf8' },
		);
		if (child.status !== 0) throw new Error(`${variant} failed:\n${child.stderr}`);
		process.stdout.write(child.stdout);
	}
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
