/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, no-console */
/** The benchmark's result shape, its one table, the target lines and the JSON it writes. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

import { REPO_ROOT } from '../../harness/runtime';
import type { Options, TrackBudget } from '../options';
import type { StateCheck } from './verify';
import { CONTENDER_LABELS, type Workload, isBaseline } from './workflows';

export interface RunResult {
	/** 'compare' (same N, every contender), 'scale' (the Braze node at growing N) or 'baseline'. */
	series: 'compare' | 'scale' | 'baseline';
	workload: Workload;
	n: number;
	ok: boolean;
	/** HTTP status of the webhook that ran the workflow (200 when n8n finished it). */
	status: number;
	error?: string;
	/** Measured around the webhook call on an n8n that was already up and warmed. */
	wallMs: number;
	itemsPerSecond: number;
	/** The generator-only run at the same N subtracted: the contender's own part. */
	netMs?: number;
	netItemsPerSecond?: number;
	requests: number;
	rateLimited429: number;
	responsesByStatus: Record<string, number>;
	/** Data points the sandbox counted as Braze bills them (one per attribute written; events 1 each). */
	dataPoints?: number;
	/** MB: n8n + task runner, summed RSS. */
	idleRssMb: number;
	peakRssMb: number;
	mainPeakRssMb?: number;
	cpuSeconds: number;
	state?: StateCheck;
	stateSummary: string;
	loadAverage: number;
	startupMs: number;
	/**
	 * The sandbox's side: its time per /users/track request (latency included; the newest 10,000
	 * requests), and how late its event loop ran (it shares this process and the 2 CPUs with n8n).
	 */
	sandbox?: {
		requestP50Ms: number;
		requestP95Ms: number;
		eventLoopDelayP99Ms: number;
		eventLoopDelayMaxMs: number;
	};
	/** ms per node, from the saved execution (--node-times only). */
	nodeMs?: Record<string, number>;
}

export interface MembershipResult {
	ok: boolean;
	error?: string;
	members?: number;
	totalMs?: number;
	cpuMs?: number;
	peakRss?: string;
	engineRss?: string;
	raw?: Record<string, unknown>;
}

/** bench/engine.ts: the Braze node's code on N items with a stub n8n context (no n8n, no HTTP). */
export interface EngineResult {
	variant: 'apply' | 'track';
	n: number;
	ok: boolean;
	error?: string;
	ms?: number;
	cpuMs?: number;
	requests?: number;
	failed?: number;
	retainedBytesPerItem?: number;
	peakBytesPerItem?: number;
}

export interface Target {
	name: string;
	/** true met, false missed, undefined not measured in this run. */
	met: boolean | undefined;
	detail: string;
}

const fmt = (value: number, digits = 0) =>
	value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

export function label(workload: Workload): string {
	return CONTENDER_LABELS[workload];
}

function shortLabel(workload: Workload): string {
	switch (workload) {
		case 'braze':
			return 'Braze node: User > Track';
		case 'apply':
			return 'Braze node: Apply Changes';
		case 'naive':
			return 'HTTP Request per item (naive)';
		case 'expert':
			return 'Code batches + HTTP (expert)';
		case 'generator':
			return 'generator only (baseline)';
		case 'changes':
			return "generator + Apply's Code node (baseline)";
	}
}

/**
 * The limit in force, as the requests show it: objects per accepted /users/track request (each item
 * is 1 attributes + 1 event object), and "50" when an Automatic limit met a refusal and fell back.
 */
function limitInForce(r: RunResult): string {
	if (isBaseline(r.workload)) return '';
	const refused = r.responsesByStatus['400'] ?? 0;
	const accepted = r.requests - refused - r.rateLimited429;
	if (accepted <= 0) return '';
	return `${fmt((2 * r.n) / accepted, 1)}${refused ? ` (${fmt(refused)} refused)` : ''}`;
}

export function tableRows(
	results: RunResult[],
	membership?: MembershipResult,
	engine: EngineResult[] = [],
	bound?: number,
): string[][] {
	const header = [
		'run',
		'contender',
		'N',
		'wall s',
		'items/s',
		'net items/s',
		'% of bound',
		'objects/request',
		'requests',
		'429s',
		'peak RSS MB',
		'RSS KB/item',
		'data points',
		'CPU s',
		'final state',
	];
	const rows = results.map((r) => [
		r.series,
		shortLabel(r.workload),
		fmt(r.n),
		fmt(r.wallMs / 1000, 2),
		r.ok || isBaseline(r.workload) ? fmt(r.itemsPerSecond) : `(${fmt(r.itemsPerSecond)})`,
		r.netItemsPerSecond === undefined ? '' : fmt(r.netItemsPerSecond),
		isBaseline(r.workload) || !bound ? '' : `${fmt((100 * (r.netItemsPerSecond ?? r.itemsPerSecond)) / bound, 1)}%`,
		limitInForce(r),
		isBaseline(r.workload) ? '' : fmt(r.requests),
		isBaseline(r.workload) ? '' : fmt(r.rateLimited429),
		`${fmt(r.peakRssMb)} (idle ${fmt(r.idleRssMb)})`,
		fmt(((r.peakRssMb - r.idleRssMb) * 1024) / r.n, 2),
		r.dataPoints === undefined || isBaseline(r.workload) ? '' : fmt(r.dataPoints),
		fmt(r.cpuSeconds, 1),
		isBaseline(r.workload) ? (r.ok ? 'n/a' : `FAILED ${r.error ?? ''}`) : r.stateSummary,
	]);
	for (const e of engine) {
		const name = e.variant === 'apply' ? 'package code alone: Apply' : 'package code alone: Track*';
		rows.push(
			e.ok && e.ms !== undefined
				? [
						'engine',
						name,
						fmt(e.n),
						fmt(e.ms / 1000, 2),
						fmt(e.n / (e.ms / 1000)),
						'',
						'',
						'',
						fmt(e.requests ?? 0),
						'',
						`+${fmt(((e.peakBytesPerItem ?? 0) * e.n) / 1024 / 1024)}`,
						fmt((e.peakBytesPerItem ?? 0) / 1024, 2),
						'',
						e.cpuMs === undefined ? '' : fmt(e.cpuMs / 1000, 1),
						e.failed ? `${e.failed} failed` : 'n/a (stub)',
					]
				: ['engine', name, fmt(e.n), '', '', '', '', '', '', '', '', '', '', '', `not measured: ${e.error ?? '?'}`],
		);
	}
	if (membership) {
		// bench/membership-diff.ts: the Kubit membership engine alone, in Node 20, no n8n and no Braze.
		rows.push(
			membership.ok && membership.members && membership.totalMs !== undefined
				? [
						'scale',
						'membership diff (engine only)',
						fmt(membership.members),
						fmt(membership.totalMs / 1000, 2),
						fmt(membership.members / (membership.totalMs / 1000)),
						'',
						'',
						'',
						'',
						'',
						membership.peakRss
							? `${membership.peakRss.replace(/ MB$/, '')} (engine ${membership.engineRss ?? '?'})`
							: '',
						'',
						'',
						membership.cpuMs === undefined ? '' : fmt(membership.cpuMs / 1000, 1),
						'n/a',
					]
				: [
						'scale',
						'membership diff (engine only)',
						'1,000,000',
						'',
						'',
						'',
						'',
						'',
						'',
						'',
						'',
						'',
						'',
						'',
						`not measured: ${membership.error ?? '?'}`,
					],
		);
	}
	return [header, ...rows];
}

export function textTable(rows: string[][]): string {
	const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
	const numeric = (column: number) => column >= 2 && column <= 13;
	const line = (row: string[]) =>
		row
			.map((cell, column) =>
				numeric(column) ? cell.padStart(widths[column]) : cell.padEnd(widths[column]),
			)
			.join('  ');
	return [
		line(rows[0]),
		widths.map((w) => '-'.repeat(w)).join('  '),
		...rows.slice(1).map(line),
	].join('\n');
}

export function markdownTable(rows: string[][]): string {
	const escape = (cell: string) => cell.replace(/\|/g, '\\|');
	const align = rows[0].map((_, column) => (column >= 2 && column <= 9 ? '---:' : '---'));
	return [rows[0], align, ...rows.slice(1)]
		.map((row) => `| ${row.map(escape).join(' | ')} |`)
		.join('\n');
}

export interface ReportInput {
	options: Options;
	budget: TrackBudget;
	host: Record<string, unknown> & { n8nVersion: string; n8nNode?: string; nproc: number; memoryGb: number };
	revision: string | undefined;
	results: RunResult[];
	membership: MembershipResult | undefined;
	engine: EngineResult[];
	targets: Target[];
	/** Date.now() when the benchmark started. */
	started: number;
}

/** Prints the table and the target lines, and writes the JSON result (bench/results/<date>.json by default). */
export function writeReport({ options, budget, host, revision, results, membership, engine, targets, started }: ReportInput): void {
	const rows = tableRows(results, membership, engine, budget.bound);
	const fmt = (v: number, d = 0) => v.toLocaleString('en-US', { maximumFractionDigits: d });
	const lines: string[] = [];
	lines.push(
		`n8n-nodes-braze benchmark: n8n ${host.n8nVersion} on Node ${host.n8nNode}, ${host.nproc} CPUs, ${host.memoryGb} GB; ` +
			`sandbox ${options.latencyMs} ms/request, /users/track ${fmt(options.rateLimit.limit)} per ${fmt(options.rateLimit.windowMs / 1000, 1)} s, ` +
			`${options.trackLimit} (${fmt(budget.batchItems, 1)} items of 1 attributes + 1 event per request), Braze node concurrency ${options.concurrency}`,
	);
	lines.push('');
	lines.push(textTable(rows));
	lines.push('');
	lines.push(
		`bound: min(${fmt(options.rateLimit.limit / (options.rateLimit.windowMs / 1000))} req/s rate limit, ${options.concurrency} / ${options.latencyMs} ms = ${fmt(options.concurrency / (options.latencyMs / 1000))} req/s) ` +
			`x ${fmt(budget.batchItems, 1)} items = ${fmt(budget.bound)} items/s`,
	);
	if (engine.length) {
		lines.push(
			`package code alone: bench/engine.ts, the Braze node's route() on N items in Node ${process.version} with a stub n8n context that answers every request at once; ` +
				'Track* reads the field values straight from the items, as if n8n evaluated no expression per item',
		);
	}
	if (membership?.ok) {
		lines.push(
			`membership diff: bench/membership-diff.ts churn5 (1M members now vs 1M before, 5% churn), the engine alone in Node ${process.version}, no n8n or Braze`,
		);
	}
	lines.push('');
	for (const target of targets) {
		const mark = target.met === undefined ? '[ ? ]' : target.met ? '[ ok ]' : '[MISS]';
		lines.push(`${mark} ${target.name}: ${target.detail}`);
	}
	console.log(lines.join('\n'));

	const date = new Date().toISOString().slice(0, 10);
	const out = options.out ?? join(REPO_ROOT, 'bench', 'results', `${date}.json`);
	mkdirSync(join(out, '..'), { recursive: true });
	const json = {
		date: new Date().toISOString(),
		command: `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`,
		revision,
		machine: host,
		config: {
			compareNs: options.compareNs,
			scale: options.scale,
			latencyMs: options.latencyMs,
			rateLimit: options.rateLimit,
			trackLimit: options.trackLimit,
			itemsPerRequest: budget.batchItems,
			brazeConcurrency: options.concurrency,
			expressionEngine: options.engine ?? 'n8n default (vm)',
			warmupItems: options.warmupN,
			workload:
				'N items, each { external_id, plan, score, vip }: 3 custom attributes and 1 custom event per user',
		},
		boundItemsPerSecond: budget.bound,
		contenders: Object.fromEntries(
			(['generator', 'changes', 'braze', 'apply', 'naive', 'expert'] as Workload[]).map((w) => [w, label(w)]),
		),
		results: results.map(({ state, ...rest }) => ({
			...rest,
			...(state && !state.ok ? { stateExamples: state.examples } : {}),
			...(rest.workload === 'braze' || rest.workload === 'apply'
				? {
						minRequests: budget.minRequests(rest.n),
						boundShare: Number(
							((rest.netItemsPerSecond ?? rest.itemsPerSecond) / budget.bound).toFixed(3),
						),
					}
				: {}),
		})),
		membership: membership ? { ...membership, raw: undefined } : undefined,
		engine,
		targets,
		markdownTable: markdownTable(rows),
		totalSeconds: Math.round((Date.now() - started) / 1000),
	};
	writeFileSync(out, `${JSON.stringify(json, null, '\t')}\n`);
	console.log(
		`\nwritten ${relative(process.cwd(), out)} (${Math.round((Date.now() - started) / 1000)} s in all)`,
	);
}
