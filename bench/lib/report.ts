/** The benchmark's result shape, its one table, and the target lines. */
import type { StateCheck } from './verify';
import { CONTENDER_LABELS, type Workload } from './workflows';

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
	}
}

export function tableRows(
	results: RunResult[],
	membership?: MembershipResult,
	engine: EngineResult[] = [],
): string[][] {
	const header = [
		'run',
		'contender',
		'N',
		'wall s',
		'items/s',
		'net items/s',
		'requests',
		'429s',
		'peak RSS MB',
		'CPU s',
		'final state',
	];
	const rows = results.map((r) => [
		r.series,
		shortLabel(r.workload),
		fmt(r.n),
		fmt(r.wallMs / 1000, 2),
		r.ok || r.workload === 'generator' ? fmt(r.itemsPerSecond) : `(${fmt(r.itemsPerSecond)})`,
		r.netItemsPerSecond === undefined ? '' : fmt(r.netItemsPerSecond),
		r.workload === 'generator' ? '' : fmt(r.requests),
		r.workload === 'generator' ? '' : fmt(r.rateLimited429),
		`${fmt(r.peakRssMb)} (idle ${fmt(r.idleRssMb)})`,
		fmt(r.cpuSeconds, 1),
		r.workload === 'generator' ? (r.ok ? 'n/a' : `FAILED ${r.error ?? ''}`) : r.stateSummary,
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
						fmt(e.requests ?? 0),
						'',
						`+${fmt(((e.peakBytesPerItem ?? 0) * e.n) / 1024 / 1024)} (${fmt((e.peakBytesPerItem ?? 0) / 1024, 1)} KB/item)`,
						e.cpuMs === undefined ? '' : fmt(e.cpuMs / 1000, 1),
						e.failed ? `${e.failed} failed` : 'n/a (stub)',
					]
				: ['engine', name, fmt(e.n), '', '', '', '', '', '', '', `not measured: ${e.error ?? '?'}`],
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
						membership.peakRss
							? `${membership.peakRss.replace(/ MB$/, '')} (engine ${membership.engineRss ?? '?'})`
							: '',
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
						`not measured: ${membership.error ?? '?'}`,
					],
		);
	}
	return [header, ...rows];
}

export function textTable(rows: string[][]): string {
	const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
	const numeric = (column: number) => column >= 2 && column <= 9;
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
