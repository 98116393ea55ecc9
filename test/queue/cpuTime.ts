/* eslint-disable @n8n/community-nodes/no-restricted-imports -- a test helper reading /proc, not node code */
import { readFileSync } from 'node:fs';

import { CLK_TCK, processTree } from '../../bench/lib/proc';

export interface CpuSnapshot {
	/** CPU seconds used so far by each root process and its live descendants (an n8n worker and its task runner). */
	trees: Map<number, number>;
	/** CPU seconds the whole machine has been busy, every process included (exited ones too). */
	machine: number;
}

/** Where the machine's CPU went (Linux /proc): to tell "the limit binds" from "the CPU does". */
export function cpuSnapshot(roots: number[]): CpuSnapshot {
	const trees = new Map(roots.map((root) => [root, processTree(root).reduce((sum, process) => sum + process.cpu, 0)]));
	const [, ...times] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).map(Number);
	// user nice system idle iowait irq softirq steal ...: busy is everything but idle and iowait.
	const machine = (times.reduce((a, b) => a + b, 0) - times[3] - times[4]) / CLK_TCK;
	return { trees, machine };
}

/** CPU seconds a root process and its descendants used between two snapshots. */
export function cpuSpent(before: CpuSnapshot, after: CpuSnapshot, root: number): number {
	return (after.trees.get(root) ?? 0) - (before.trees.get(root) ?? 0);
}
