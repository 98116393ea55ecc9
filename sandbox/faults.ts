import type { FaultOptions } from './options';
import type { Prng } from './prng';

export type FaultDecision =
	| { kind: 'none' }
	| { kind: '429' }
	| { kind: '5xx'; status: number }
	| { kind: 'drop'; afterApply: boolean };

const SERVER_ERRORS = [500, 502, 503];

// One draw per request picks at most one fault, so the rates add up as documented.
export function decideFault(f: FaultOptions, prng: Prng): FaultDecision {
	const r429 = f.rate429 ?? 0;
	const r5xx = f.rate5xx ?? 0;
	const rDrop = f.rateDrop ?? 0;
	if (r429 + r5xx + rDrop <= 0) return { kind: 'none' };
	const r = prng.next();
	if (r < r429) return { kind: '429' };
	if (r < r429 + r5xx) return { kind: '5xx', status: SERVER_ERRORS[Math.floor(prng.next() * SERVER_ERRORS.length)] };
	if (r < r429 + r5xx + rDrop) return { kind: 'drop', afterApply: f.dropAfterApply === true };
	return { kind: 'none' };
}
