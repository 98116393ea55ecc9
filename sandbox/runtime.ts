import { mergeOptions, type FaultOptions, type ResolvedOptions, type SandboxOptions } from './options';
import { Prng } from './prng';
import { RateLimiter } from './rate-limit';
import { SandboxState } from './state/state';

// The mutable heart of one sandbox: options, state, rate-limit windows and the fault PRNG.
export class Runtime {
	options: ResolvedOptions;
	readonly state = new SandboxState();
	readonly limiter = new RateLimiter(() => this.options);
	prng: Prng;

	constructor(private readonly initial: ResolvedOptions) {
		this.options = initial;
		this.prng = new Prng(initial.seed);
	}

	// Back to the start: empty state, the options and faults given at start, the same PRNG sequence.
	reset(): void {
		this.options = this.initial;
		this.state.clear();
		this.limiter.clear();
		this.prng = new Prng(this.initial.seed);
	}

	setFaults(f: FaultOptions): void {
		this.options = { ...this.options, faults: { ...f } };
	}

	setOptions(o: Partial<SandboxOptions>): void {
		this.options = mergeOptions(this.options, o);
		if (o.seed !== undefined) this.prng = new Prng(o.seed);
		if ('rateLimit' in o || o.rateLimits !== undefined) this.limiter.clear();
	}
}
