/* eslint-disable @n8n/community-nodes/no-restricted-imports -- a test helper reading /proc, not node code */
import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per second of /proc's CPU times (`getconf CLK_TCK`: 100 on Linux x86-64 and arm64). */
const TICKS_PER_SECOND = 100;

export interface CpuSnapshot {
	/** CPU seconds used so far by the live processes of each process group (n8n and its workers each start one). */
	groups: Map<number, number>;
	/** CPU seconds the whole machine has been busy, every process included (exited ones too). */
	machine: number;
}

/** Where the machine's CPU went (Linux /proc): to tell "the limit binds" from "the CPU does". */
export function cpuSnapshot(): CpuSnapshot {
	const groups = new Map<number, number>();
	for (const entry of readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		let stat: string;
		try {
			stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
		} catch {
			continue; // exited meanwhile
		}
		// The command name is in parentheses and may hold spaces: fields are counted after it.
		const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		const group = Number(fields[2]);
		const ticks = Number(fields[11]) + Number(fields[12]);
		groups.set(group, (groups.get(group) ?? 0) + ticks / TICKS_PER_SECOND);
	}
	const [, ...times] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).map(Number);
	// user nice system idle iowait irq softirq steal ...: busy is everything but idle and iowait.
	const machine = (times.reduce((a, b) => a + b, 0) - times[3] - times[4]) / TICKS_PER_SECOND;
	return { groups, machine };
}

/** CPU seconds a process group used between two snapshots. */
export function cpuSpent(before: CpuSnapshot, after: CpuSnapshot, group: number): number {
	return (after.groups.get(group) ?? 0) - (before.groups.get(group) ?? 0);
}
