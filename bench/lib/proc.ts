/* eslint-disable @n8n/community-nodes/no-dangerous-functions, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
// Benchmark tooling: it runs beside n8n, never inside it, so the community-node rules do not apply.
/**
 * CPU and memory of a process and its descendants (n8n and the task runner it spawns), read from
 * /proc. Linux only.
 *
 * - CPU seconds: utime + stime of every process in the tree, the difference between two snapshots.
 * - Peak RSS: the sampled maximum of the tree's summed RSS (every `intervalMs`), and each
 *   process's own exact peak (VmHWM, reset at start through /proc/<pid>/clear_refs).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';

export const CLK_TCK = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
const PAGE_SIZE =
	Number(execFileSync('getconf', ['PAGESIZE'], { encoding: 'utf8' }).trim()) || 4096;

interface ProcStat {
	pid: number;
	ppid: number;
	/** utime + stime, seconds */
	cpu: number;
	/** bytes */
	rss: number;
}

function readStat(pid: number): ProcStat | undefined {
	try {
		const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
		// The command name (field 2) may hold spaces and parentheses: split after the last ')'.
		const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
		// fields[0] is field 3 (state): ppid is field 4, utime 14, stime 15, rss 24.
		return {
			pid,
			ppid: Number(fields[1]),
			cpu: (Number(fields[11]) + Number(fields[12])) / CLK_TCK,
			rss: Number(fields[21]) * PAGE_SIZE,
		};
	} catch {
		return undefined;
	}
}

/** The process and every descendant alive now. */
export function processTree(root: number): ProcStat[] {
	const all: ProcStat[] = [];
	for (const name of readdirSync('/proc')) {
		if (!/^\d+$/.test(name)) continue;
		const stat = readStat(Number(name));
		if (stat) all.push(stat);
	}
	const children = new Map<number, ProcStat[]>();
	for (const stat of all) {
		const list = children.get(stat.ppid) ?? [];
		list.push(stat);
		children.set(stat.ppid, list);
	}
	const rootStat = all.find((s) => s.pid === root);
	if (!rootStat) return [];
	const out: ProcStat[] = [];
	const queue = [rootStat];
	while (queue.length) {
		const next = queue.shift()!;
		out.push(next);
		queue.push(...(children.get(next.pid) ?? []));
	}
	return out;
}

function vmHwm(pid: number): number | undefined {
	try {
		const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
		return match ? Number(match[1]) * 1024 : undefined;
	} catch {
		return undefined;
	}
}

export interface TreeUsage {
	/** CPU seconds the tree used between start() and stop(). */
	cpuSeconds: number;
	/** Highest summed RSS seen while sampling, bytes. */
	peakRss: number;
	/** Summed RSS at start(), bytes. */
	startRss: number;
	/** The root process's exact peak RSS over the interval (VmHWM after a reset), bytes. */
	rootPeakRss?: number;
	samples: number;
	processes: number;
}

export class TreeSampler {
	private timer: NodeJS.Timeout | undefined;
	private cpuStart = new Map<number, number>();
	private peak = 0;
	private startRss = 0;
	private samples = 0;
	private seen = new Set<number>();
	private lastCpu = new Map<number, number>();
	/** The tree's pids, rescanned from /proc once a second (a full scan costs more than a sample). */
	private pids: number[] = [];
	private scannedAt = 0;

	constructor(
		private readonly root: number,
		private readonly intervalMs = 25,
	) {}

	private tree(): ProcStat[] {
		const now = Date.now();
		if (now - this.scannedAt >= 1000) {
			this.scannedAt = now;
			const tree = processTree(this.root);
			this.pids = tree.map((p) => p.pid);
			return tree;
		}
		return this.pids.map(readStat).filter((p): p is ProcStat => p !== undefined);
	}

	start(): void {
		const tree = this.tree();
		for (const p of tree) {
			this.cpuStart.set(p.pid, p.cpu);
			this.lastCpu.set(p.pid, p.cpu);
			this.seen.add(p.pid);
			try {
				// "5": reset the peak RSS (VmHWM) to the current RSS.
				writeFileSync(`/proc/${p.pid}/clear_refs`, '5');
			} catch {
				// not allowed (other user, no procfs write): the sampled peak still works
			}
		}
		this.startRss = tree.reduce((sum, p) => sum + p.rss, 0);
		this.peak = this.startRss;
		this.timer = setInterval(() => this.sample(), this.intervalMs);
	}

	private sample(): void {
		const tree = this.tree();
		let rss = 0;
		for (const p of tree) {
			rss += p.rss;
			this.seen.add(p.pid);
			this.lastCpu.set(p.pid, p.cpu);
			if (!this.cpuStart.has(p.pid)) this.cpuStart.set(p.pid, 0);
		}
		this.samples++;
		if (rss > this.peak) this.peak = rss;
	}

	stop(): TreeUsage {
		if (this.timer) clearInterval(this.timer);
		this.scannedAt = 0;
		this.sample();
		let cpu = 0;
		for (const [pid, last] of this.lastCpu) cpu += last - (this.cpuStart.get(pid) ?? 0);
		return {
			cpuSeconds: cpu,
			peakRss: this.peak,
			startRss: this.startRss,
			rootPeakRss: vmHwm(this.root),
			samples: this.samples,
			processes: this.seen.size,
		};
	}
}

/** Current summed RSS of the tree, bytes. */
export function treeRss(root: number): number {
	return processTree(root).reduce((sum, p) => sum + p.rss, 0);
}
