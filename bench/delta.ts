/* eslint-disable @n8n/community-nodes/no-restricted-globals, no-console */
/**
 * Daily-delta workload (issue 15): a warehouse table synced once a day, 3% of its users changing
 * one attribute a day. Day 1 sends everything; days 2 and 3 run Send Only Changes against the
 * snapshot of what was sent. The sandbox counts data points the way Braze does, so "saved" is
 * measured, not estimated: what the same days cost without Send Only Changes minus what they cost.
 *
 *   npx tsx bench/delta.ts               DELTA_ROWS=200000 by default
 *   DELTA_ROWS=20000 npx tsx bench/delta.ts
 *
 * The package code runs in this process (diff, planner, transport) against an in-process sandbox;
 * the last line printed is the result as JSON.
 */
import type { IDataObject, IHttpRequestOptions } from 'n8n-workflow';

import { applyChanges } from '../nodes/shared/braze/apply';
import { type BrazeChange, parseChange } from '../nodes/shared/braze/changes';
import { requestDataPoints } from '../nodes/shared/braze/delta/dataPoints';
import { type Snapshot, advanceSnapshot, sendOnlyChanges } from '../nodes/shared/braze/delta/sendOnlyChanges';
import { plan } from '../nodes/shared/braze/planner';
import { BrazeTransport } from '../nodes/shared/braze/transport';
import { type Sandbox, startSandbox } from '../sandbox/server';

const ROWS = Number(process.env.DELTA_ROWS ?? 200_000);
const DAYS = 3;
const CHANGE_SHARE = 0.03;
const ATTRIBUTES = ['first_name', 'plan', 'score', 'home_city', 'lifetime_value'];

/** Day d's table: every 33rd user (shifted by day) changes its score. Deterministic. */
function table(day: number): IDataObject[] {
	const every = Math.round(1 / CHANGE_SHARE);
	return Array.from({ length: ROWS }, (_, i) => ({
		external_id: `u${i}`,
		first_name: `Name ${i}`,
		plan: i % 7 === 0 ? 'pro' : 'free',
		// Each day after the first, a different 3% move their score by one.
		score: (i % 100) + Array.from({ length: day - 1 }, (_, d) => (i + d + 2) % every === 0).filter(Boolean).length,
		home_city: ['Paris', 'Lyon', 'Nice'][i % 3],
		lifetime_value: (i % 50) * 10,
	}));
}

function changesOf(rows: IDataObject[]): BrazeChange[] {
	return rows.map(({ external_id, ...attributes }) => {
		const parsed = parseChange({ type: 'attributes', user: { external_id }, attributes });
		if (!parsed.ok) throw new Error(parsed.error);
		return parsed.change;
	});
}

/** The functions of n8n's execute context the transport uses, over fetch. */
function contextFor(sb: Sandbox) {
	return {
		getNode: () => ({ credentials: {} }),
		getCredentials: async () => ({ instance: 'custom', customUrl: sb.url, apiKey: 'sandbox-api-key' }),
		helpers: {
			async httpRequestWithAuthentication(_kind: string, options: IHttpRequestOptions) {
				const response = await fetch(options.url, {
					method: options.method,
					headers: { 'content-type': 'application/json', authorization: 'Bearer sandbox-api-key' },
					body: JSON.stringify(options.body),
				});
				const text = await response.text();
				const headers: Record<string, string> = {};
				response.headers.forEach((value, name) => (headers[name] = value));
				return { statusCode: response.status, body: text ? JSON.parse(text) : {}, headers };
			},
		},
	};
}

export interface DeltaDay {
	day: number;
	rows: number;
	attributesSent: number;
	requests: number;
	/** Counted by the sandbox. */
	dataPoints: number;
	/** What sending every row would have cost (the planner's requests, counted the same way). */
	dataPointsWithoutDelta: number;
	dataPointsSaved: number;
	ms: number;
}

export async function runDeltaWorkload(): Promise<{ rows: number; days: DeltaDay[]; dataPointsSaved: number; savedShare: number }> {
	const sb = await startSandbox({ rateLimit: null });
	const days: DeltaDay[] = [];
	try {
		const transport = new BrazeTransport(contextFor(sb) as never, { maxAttempts: 2 });
		let snapshot: Snapshot = new Map();
		for (let day = 1; day <= DAYS; day++) {
			const all = changesOf(table(day));
			const withoutDelta = plan(all.map((change, ref) => ({ change, ref })), { trackLimit: 'combined75' }).reduce(
				(sum, request) => sum + requestDataPoints(request.endpoint, request.body).total,
				0,
			);
			sb.state.stats.clear();
			const started = Date.now();
			const delta = sendOnlyChanges(all, snapshot);
			const toSend = delta.changes.flatMap((change, ref) => (change ? [{ change, ref }] : []));
			const report = await applyChanges(transport, toSend, 'combined75');
			const failed = report.outcomes.filter((outcome) => !outcome.ok).length;
			if (failed) throw new Error(`day ${day}: ${failed} changes failed`);
			snapshot = advanceSnapshot(snapshot, toSend.map((entry) => entry.change));
			const dataPoints = sb.state.stats.dataPoints.toJSON().total;
			days.push({
				day,
				rows: ROWS,
				attributesSent: delta.summary.attributesSent,
				requests: report.requests,
				dataPoints,
				dataPointsWithoutDelta: withoutDelta,
				dataPointsSaved: withoutDelta - dataPoints,
				ms: Date.now() - started,
			});
		}
	} finally {
		await sb.close();
	}
	const saved = days.reduce((sum, d) => sum + d.dataPointsSaved, 0);
	const without = days.reduce((sum, d) => sum + d.dataPointsWithoutDelta, 0);
	return { rows: ROWS, days, dataPointsSaved: saved, savedShare: saved / without };
}

export function deltaTable(result: Awaited<ReturnType<typeof runDeltaWorkload>>): string {
	const n = (value: number) => value.toLocaleString('en-US');
	const lines = [
		`Daily delta: ${n(result.rows)} rows x ${ATTRIBUTES.length} attributes, ${CHANGE_SHARE * 100}% of users change a day (Send Only Changes, sandbox data points)`,
		'day | attributes sent | requests | data points | without Send Only Changes | saved | ms',
		...result.days.map((d) => `${d.day} | ${n(d.attributesSent)} | ${n(d.requests)} | ${n(d.dataPoints)} | ${n(d.dataPointsWithoutDelta)} | ${n(d.dataPointsSaved)} | ${n(d.ms)}`),
		`data points saved over ${result.days.length} days: ${n(result.dataPointsSaved)} (${(result.savedShare * 100).toFixed(1)}%)`,
	];
	return `${lines.join('\n')}\n`;
}

/** For `npm run bench` (one line in run.ts): runs the workload and prints its table. */
export async function reportDeltaWorkload(): Promise<Awaited<ReturnType<typeof runDeltaWorkload>>> {
	process.stderr.write(`[bench] daily delta at ${ROWS.toLocaleString('en-US')} rows (bench/delta.ts)\n`);
	const result = await runDeltaWorkload();
	process.stdout.write(deltaTable(result));
	return result;
}

if (require.main === module) {
	reportDeltaWorkload()
		.then((result) => console.log(JSON.stringify(result)))
		.catch((error) => {
			console.error(error);
			process.exit(1);
		});
}
