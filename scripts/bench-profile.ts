/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, no-console */
/**
 * Where the time goes in a V8 CPU profile of n8n (from `npm run bench -- --cpu-prof DIR`).
 *
 *   npx tsx scripts/bench-profile.ts DIR/CPU.<...>.cpuprofile [root ...] [--top N] [--window FROM-TO]
 *
 * Prints a timeline (how busy the process was, second by second, to find the measured run: the
 * last long busy stretch), then the functions with the most self time in the window (seconds
 * from the start of the profile; default all), then, for each root function name given
 * (default: executeChanges, applyChanges, call), the time spent in it and in what it calls.
 * Async continuations (after an await) are not under their caller in a V8 profile: `call`
 * (the transport's) and `applyChanges` are roots of their own for that reason.
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
	id: number;
	callFrame: { functionName: string; url: string; lineNumber: number };
	children?: number[];
}

interface Profile {
	nodes: ProfileNode[];
	samples: number[];
	timeDeltas: number[];
	startTime: number;
}

function frameName(node: ProfileNode): string {
	const url = node.callFrame.url
		.replace(/^file:\/\//, '')
		.replace(/.*\/node_modules\/n8n-nodes-braze\//, 'n8n-nodes-braze/')
		.replace(/.*\/node_modules\//, '');
	return `${node.callFrame.functionName || '(anonymous)'} ${url}${url ? `:${node.callFrame.lineNumber + 1}` : ''}`;
}

function main(): void {
	const args = process.argv.slice(2);
	const option = (name: string) => {
		const at = args.indexOf(name);
		if (at < 0) return undefined;
		const value = args[at + 1];
		args.splice(at, 2);
		return value;
	};
	const top = Number(option('--top') ?? 25);
	const window = option('--window');
	const [from, to] = window ? window.split('-').map((v) => Number(v) * 1e6) : [0, Infinity];
	const positional = args;
	const [file, ...roots] = positional;
	if (!file) {
		console.error(
			'usage: npx tsx scripts/bench-profile.ts <file.cpuprofile> [rootFunction ...] [--top N]',
		);
		process.exit(2);
	}
	const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
	const byId = new Map(profile.nodes.map((node) => [node.id, node]));
	const parent = new Map<number, number>();
	for (const node of profile.nodes)
		for (const child of node.children ?? []) parent.set(child, node.id);
	const timeOf = new Map<number, number>();
	let total = 0;
	let clock = 0;
	const busyPerSecond: number[] = [];
	profile.samples.forEach((id, i) => {
		const dt = profile.timeDeltas[i] ?? 0;
		clock += dt;
		const name = byId.get(id)!.callFrame.functionName;
		const second = Math.floor(clock / 1e6);
		if (name !== '(idle)') busyPerSecond[second] = (busyPerSecond[second] ?? 0) + dt;
		if (clock < from || clock > to) return;
		timeOf.set(id, (timeOf.get(id) ?? 0) + dt);
		total += dt;
	});
	console.log('timeline (seconds from profile start: % busy)');
	const cells: string[] = [];
	for (let second = 0; second <= Math.floor(clock / 1e6); second++) {
		cells.push(
			`${String(second).padStart(4)}:${String(Math.round((busyPerSecond[second] ?? 0) / 1e4)).padStart(3)}%`,
		);
	}
	for (let i = 0; i < cells.length; i += 10) console.log(cells.slice(i, i + 10).join(' '));
	const stackOf = (id: number): ProfileNode[] => {
		const stack: ProfileNode[] = [];
		for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur))
			stack.push(byId.get(cur)!);
		return stack;
	};
	const ms = (us: number) => `${(us / 1000).toFixed(0).padStart(8)} ms`;
	const pct = (us: number, of: number) => `${((100 * us) / of).toFixed(1).padStart(5)}%`;
	const print = (title: string, map: Map<string, number>, of: number) => {
		console.log(`\n${title}`);
		for (const [name, us] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top))
			console.log(`${ms(us)} ${pct(us, of)}  ${name}`);
	};

	const self = new Map<string, number>();
	for (const [id, us] of timeOf) {
		const name = frameName(byId.get(id)!);
		self.set(name, (self.get(name) ?? 0) + us);
	}
	console.log(`\n${file}: ${(total / 1e6).toFixed(2)} s sampled${window ? ` in ${window} s` : ''}`);
	print('self time, whole process', self, total);

	for (const root of roots.length ? roots : ['executeChanges', 'applyChanges', 'call']) {
		const inclusive = new Map<string, number>();
		const leaf = new Map<string, number>();
		let under = 0;
		for (const [id, us] of timeOf) {
			const stack = stackOf(id);
			const at = stack.findIndex((node) => node.callFrame.functionName === root);
			if (at < 0) continue;
			under += us;
			const seen = new Set<string>();
			for (const node of stack.slice(0, at)) {
				const name = frameName(node);
				if (seen.has(name)) continue;
				seen.add(name);
				inclusive.set(name, (inclusive.get(name) ?? 0) + us);
			}
			const name = frameName(stack[0]);
			leaf.set(name, (leaf.get(name) ?? 0) + us);
		}
		console.log(
			`\n=== under ${root}: ${(under / 1000).toFixed(0)} ms (${pct(under, total).trim()} of the process)`,
		);
		if (!under) continue;
		print(`inclusive, under ${root}`, inclusive, under);
		print(`self, under ${root}`, leaf, under);
	}
}

main();
