/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-dangerous-functions, no-console */
/**
 * How fast and how lean the membership engine is at 1,000,000 members.
 *
 *   npx tsx bench/membership-diff.ts            all scenarios, each in its own process
 *   npx tsx bench/membership-diff.ts churn5     one scenario (see SCENARIOS)
 *   MEMBERS=200000 npx tsx bench/membership-diff.ts
 *
 * Each scenario builds its input first (1M member rows as n8n would hand them over, and the
 * previous snapshot), then times the three steps the Kubit node runs: read the members out of the
 * items, diff them, and build the Braze changes in items of 1,000. Rows come in random key order
 * (the diff uses a hash map) or sorted by the identifier, as ORDER BY gives (a merge walk); either
 * way they are allocated in result order, as a warehouse node creates them.
 *
 * Memory: "peak RSS" is the process's maximum resident set size (getrusage), inputs included;
 * "engine peak" is that minus the RSS once the inputs were built; "engine retained" is the live
 * heap the result holds after a full GC (the changes, the member keys, the positions).
 */
import { spawnSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

import { DEFAULT_MAPPING } from '../nodes/shared/membership/members';
import { MemberCollector, planSnapshotSync } from '../nodes/shared/membership/sync';
import { seededRandom, shuffle } from '../harness/random';

const MEMBERS = Number(process.env.MEMBERS ?? 1_000_000);

interface Scenario {
	title: string;
	/** Share of the previous members who left (and as many new ones who entered). */
	churn: number;
	/** No previous snapshot: everyone enters (a first run or a one-time import). */
	firstRun?: boolean;
	/** Rows sorted by identifier (ORDER BY), else shuffled. */
	sorted?: boolean;
}

const SCENARIOS: Record<string, Scenario> = {
	churn5: { title: '1M now vs 1M before, 5% churn (50k in, 50k out), rows in random key order', churn: 0.05 },
	churn5Sorted: { title: '1M now vs 1M before, 5% churn, rows sorted by identifier', churn: 0.05, sorted: true },
	churn50: { title: '1M now vs 1M before, 50% churn (500k in, 500k out), random key order', churn: 0.5 },
	firstRun: { title: '1M now, no previous snapshot: 1M entries, random key order', churn: 0, firstRun: true },
};

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const peakRss = () => process.resourceUsage().maxRSS * 1024;

/** Member rows as a warehouse node hands them over: allocated one after the other, in result order. */
function rows(ids: number[]): Array<{ json: { external_id: string; email: string } }> {
	const out = new Array(ids.length);
	for (let i = 0; i < ids.length; i++) {
		const n = ids[i];
		out[i] = { json: { external_id: `user_${n.toString().padStart(8, '0')}`, email: `user${n}@example.com` } };
	}
	return out;
}

const range = (count: number, offset: number) => Array.from({ length: count }, (_, i) => i + offset);

function runScenario(name: string): void {
	const scenario = SCENARIOS[name];
	const moved = Math.round(MEMBERS * scenario.churn);
	// Previous: users 0..N-1. Current: the same minus the first `moved`, plus `moved` new ones.
	// Unsorted = the rows come in random key order (no ORDER BY), still allocated in result order.
	// Seeded, so runs compare.
	const order = (ids: number[]) => (scenario.sorted ? ids : shuffle(ids, seededRandom(42)));
	const previousItems = scenario.firstRun ? [] : rows(order(range(MEMBERS, 0)));
	const currentItems = rows(order(range(MEMBERS, moved)));
	gc();
	const inputRss = process.memoryUsage().rss;
	const inputHeap = process.memoryUsage().heapUsed;

	const cpu0 = process.cpuUsage();
	const t0 = performance.now();
	const read = (items: typeof currentItems, input: number) => {
		const collector = new MemberCollector(DEFAULT_MAPPING, false, input);
		for (let i = 0; i < items.length; i++) collector.addItem(items[i].json, i, '');
		return collector.result();
	};
	const current = read(currentItems, 0);
	const previous = scenario.firstRun ? undefined : read(previousItems, 1);
	const t1 = performance.now();
	const plan = planSnapshotSync(current, previous, {
		mode: 'arrayAttribute',
		cohortId: 'c1',
		cohortName: 'Power Users',
		attributeName: 'kubit_cohorts',
		updateExistingOnly: true,
	}, DEFAULT_MAPPING, { batchSize: 1000 });
	const t2 = performance.now();
	const cpu = process.cpuUsage(cpu0);

	const { counts } = plan;
	gc();
	const retained = process.memoryUsage().heapUsed - inputHeap;
	const result = {
		scenario: name,
		title: scenario.title,
		members: MEMBERS,
		entered: counts.entered,
		exited: counts.exited,
		unchanged: counts.unchanged,
		changeItems: plan.batches.length,
		readMs: Math.round(t1 - t0),
		diffAndChangesMs: Math.round(t2 - t1),
		totalMs: Math.round(t2 - t0),
		cpuMs: Math.round((cpu.user + cpu.system) / 1000),
		inputRss: mb(inputRss),
		peakRss: mb(peakRss()),
		engineRss: mb(peakRss() - inputRss),
		engineRetained: mb(retained),
	};
	console.log(JSON.stringify(result));
}

function main(): void {
	const only = process.argv[2];
	if (only) {
		if (!SCENARIOS[only]) throw new Error(`unknown scenario "${only}": use one of ${Object.keys(SCENARIOS).join(', ')}`);
		runScenario(only);
		return;
	}
	const [load1] = loadavg();
	console.log(
		`membership diff, ${MEMBERS.toLocaleString('en-US')} members, Node ${process.version}, ${process.arch}, ` +
			`${cpus().length} CPUs, load average ${load1.toFixed(1)} at start (wall times stretch under load)`,
	);
	for (const name of Object.keys(SCENARIOS)) {
		// A fresh process per scenario, so each peak RSS is its own.
		const child = spawnSync(process.execPath, [...process.execArgv, __filename, name], { encoding: 'utf8', env: process.env });
		if (child.status !== 0) throw new Error(`${name} failed:\n${child.stderr}`);
		const r = JSON.parse(child.stdout.trim().split('\n').pop()!) as Record<string, string | number>;
		console.log(
			`${r.title}\n  read ${r.readMs} ms, diff + changes ${r.diffAndChangesMs} ms, total ${r.totalMs} ms wall (${r.cpuMs} ms CPU); ` +
				`entered ${r.entered}, exited ${r.exited}, unchanged ${r.unchanged}, ${r.changeItems} items\n` +
				`  memory: inputs ${r.inputRss} RSS, peak RSS ${r.peakRss}: engine peak ${r.engineRss}, engine retained ${r.engineRetained}`,
		);
	}
}

main();
