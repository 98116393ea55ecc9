/* eslint-disable @n8n/community-nodes/no-restricted-globals, no-console */
/** The benchmark's command-line flags (`npm run bench -- --help`) and what follows from them. */
import type { Contender } from './lib/workflows';

export type TrackLimitSetting = 'auto' | 'combined50' | 'combined75' | 'legacy75';
export type ScaleVariant = 'braze' | 'apply';

/**
 * Default scale series; --full adds User > Track at 100,000 and Apply Changes at 1,000,000 (minutes,
 * and about 9 GB at 1,000,000: docs/benchmark.md).
 */
const DEFAULT_SCALE: Array<{ variant: ScaleVariant; n: number }> = [
	{ variant: 'braze', n: 10_000 },
	{ variant: 'apply', n: 10_000 },
	{ variant: 'apply', n: 100_000 },
];
const FULL_SCALE: Array<{ variant: ScaleVariant; n: number }> = [
	{ variant: 'braze', n: 100_000 },
	{ variant: 'apply', n: 1_000_000 },
];

/** Objects one /users/track request may carry (the package's limits.ts, restated to stay outside node code). */
export const TRACK_LIMITS: Record<
	TrackLimitSetting,
	{ total: number; perType: number; sandbox: 'combined50' | 'combined75' | 'legacy' }
> = {
	/** The credential's default: 75 combined, falling back to 50 when Braze refuses 75 (the sandbox takes 75). */
	auto: { total: 75, perType: 75, sandbox: 'combined75' },
	combined50: { total: 50, perType: 50, sandbox: 'combined50' },
	combined75: { total: 75, perType: 75, sandbox: 'combined75' },
	legacy75: { total: 225, perType: 75, sandbox: 'legacy' },
};

export interface Options {
	/** The side-by-side comparison's sizes, all in the same run. */
	compareNs: number[];
	contenders: Contender[];
	/** The Braze node alone at growing N: (variant, N) pairs. */
	scale: Array<{ variant: ScaleVariant; n: number }>;
	latencyMs: number;
	concurrency: number;
	trackLimit: TrackLimitSetting;
	rateLimit: { limit: number; windowMs: number };
	engine?: string;
	membership: boolean;
	/** bench/engine.ts at this N (0: skip). */
	engineN: number;
	full: boolean;
	keep: boolean;
	useDist: boolean;
	cpuProfDir?: string;
	nodeTimes: boolean;
	out?: string;
	warmupN: number;
}

const HELP = `npm run bench -- [options]

  --full                      also run the Braze node at N = 1,000,000 (long: see docs/benchmark.md)
  --n N[,N]                   items in the side-by-side comparison; several sizes run one after the
                              other in the same run, e.g. 5000,150000 (default 5000)
  --contenders a,b            of braze, apply, naive, expert (default all four)
  --scale P1,P2               the Braze node alone: points VARIANT:N (braze = User > Track, apply = Apply
                              Changes) or a bare N for every variant; default braze:10000, apply:10000,
                              apply:100000; --full adds braze:100000 and apply:1000000
  --scale-variants a,b        keep only these variants in the scale series (braze, apply)
  --no-compare / --no-scale / --no-membership / --no-engine   skip a part
  --engine-n N                items for the package-code-alone rows (bench/engine.ts; default 100000)
  --latency-ms MS             sandbox latency per request (default 20)
  --concurrency N             the Braze node's Sending Options > Concurrency (default 64, the node's default)
  --track-limit L             combined50 (default, the credential's default) | combined75 | legacy75
  --rate-limit LIMIT/MS       the sandbox's /users/track rate limit (default 3000/3000, Braze's)
  --expression-engine E       n8n's N8N_EXPRESSION_ENGINE (default: n8n's own, vm); for diagnosis
  --out FILE                  JSON output (default bench/results/<date>.json)
  --warmup N                  items in the warm-up run before each measured run (default 20)
  --keep                      keep the n8n user folders (logs) under the temp folder
  --use-dist                  pack the repository's dist/ (npm run build) instead of building a private copy
  --cpu-prof DIR              write a V8 CPU profile of every n8n run into DIR (read it with
                              npx tsx scripts/bench-profile.ts DIR/<file>.cpuprofile); slows n8n down
  --node-times                save successful runs and report each node's time (n8n then also stores
                              3 x N items of run data; not for 1,000,000)`;

export function parseArgs(argv: string[]): Options {
	const options: Options = {
		compareNs: [5000],
		contenders: ['braze', 'apply', 'naive', 'expert'],
		scale: [],
		latencyMs: 20,
		concurrency: 64,
		trackLimit: 'auto',
		rateLimit: { limit: 3000, windowMs: 3000 },
		membership: true,
		engineN: 100_000,
		full: false,
		keep: false,
		useDist: false,
		nodeTimes: false,
		warmupN: 20,
	};
	let scaleGiven: string[] | undefined;
	let variants: ScaleVariant[] = ['braze', 'apply'];
	let compare = true;
	let scale = true;
	for (let i = 0; i < argv.length; i++) {
		const flag = argv[i];
		const value = () => {
			const v = argv[++i];
			if (v === undefined) throw new Error(`${flag} needs a value`);
			return v;
		};
		const list = () =>
			value()
				.split(',')
				.map((s) => s.trim())
				.filter(Boolean);
		switch (flag) {
			case '--help':
			case '-h':
				console.log(HELP);
				process.exit(0);
				break;
			case '--full':
				options.full = true;
				break;
			case '--n':
				options.compareNs = value()
					.split(',')
					.map((part) => Number(part.trim()));
				if (options.compareNs.some((n) => !Number.isInteger(n) || n < 1)) throw new Error('--n must be whole numbers above 0, e.g. 5000,150000');
				break;
			case '--contenders':
				options.contenders = list() as Contender[];
				break;
			case '--scale':
				scaleGiven = list();
				break;
			case '--scale-variants':
				variants = list() as ScaleVariant[];
				break;
			case '--no-compare':
				compare = false;
				break;
			case '--no-scale':
				scale = false;
				break;
			case '--no-membership':
				options.membership = false;
				break;
			case '--no-engine':
				options.engineN = 0;
				break;
			case '--engine-n':
				options.engineN = Number(value());
				break;
			case '--latency-ms':
				options.latencyMs = Number(value());
				break;
			case '--concurrency':
				options.concurrency = Number(value());
				break;
			case '--track-limit':
				options.trackLimit = value() as TrackLimitSetting;
				if (!TRACK_LIMITS[options.trackLimit])
					throw new Error('--track-limit must be combined50, combined75 or legacy75');
				break;
			case '--rate-limit': {
				const match = /^(\d+)\/(\d+)$/.exec(value());
				if (!match) throw new Error('--rate-limit must be LIMIT/WINDOW_MS, e.g. 3000/3000');
				options.rateLimit = { limit: Number(match[1]), windowMs: Number(match[2]) };
				break;
			}
			case '--expression-engine':
				options.engine = value();
				break;
			case '--out':
				options.out = value();
				break;
			case '--keep':
				options.keep = true;
				break;
			case '--use-dist':
				options.useDist = true;
				break;
			case '--cpu-prof':
				options.cpuProfDir = value();
				break;
			case '--node-times':
				options.nodeTimes = true;
				break;
			case '--warmup':
				options.warmupN = Number(value());
				break;
			default:
				throw new Error(`unknown option ${flag}\n\n${HELP}`);
		}
	}
	for (const c of options.contenders) {
		if (!['braze', 'apply', 'naive', 'expert'].includes(c))
			throw new Error(`unknown contender ${c}`);
	}
	for (const v of variants)
		if (!['braze', 'apply'].includes(v)) throw new Error(`unknown scale variant ${v}`);
	if (scaleGiven) {
		// "apply:100000" is one point; a bare N means every variant of --scale-variants.
		for (const entry of scaleGiven) {
			const [first, second] = entry.split(':');
			if (second === undefined)
				for (const variant of variants) options.scale.push({ variant, n: Number(first) });
			else options.scale.push({ variant: first as ScaleVariant, n: Number(second) });
		}
	} else {
		options.scale = [...DEFAULT_SCALE, ...(options.full ? FULL_SCALE : [])].filter((p) =>
			variants.includes(p.variant),
		);
	}
	for (const point of options.scale) {
		if (!['braze', 'apply'].includes(point.variant) || !(point.n > 0))
			throw new Error(`bad scale point ${point.variant}:${point.n}`);
	}
	if (!compare) options.contenders = [];
	if (!scale) options.scale = [];
	return options;
}

/** What the flags allow /users/track to carry, and so the best throughput any flow can reach. */
export interface TrackBudget {
	limits: (typeof TRACK_LIMITS)[TrackLimitSetting];
	/** Items per /users/track request: each item is 1 attributes + 1 event object. */
	batchItems: number;
	/** The fewest /users/track requests N items can take. */
	minRequests: (n: number) => number;
	/** Items per second at the rate limit or the concurrency over the latency, whichever binds. */
	bound: number;
}

export function trackBudget(options: Options): TrackBudget {
	const limits = TRACK_LIMITS[options.trackLimit];
	const batchItems = Math.min(limits.perType, limits.total / 2);
	const minRequests = (n: number) =>
		Math.max(Math.ceil((2 * n) / limits.total), Math.ceil(n / limits.perType));
	const requestRate = Math.min(
		options.rateLimit.limit / (options.rateLimit.windowMs / 1000),
		options.concurrency / (options.latencyMs / 1000),
	);
	return { limits, batchItems, minRequests, bound: requestRate * batchItems };
}
