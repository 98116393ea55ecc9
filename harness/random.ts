/*
 * The one seeded PRNG of the tests, the benchmarks and the sandbox: mulberry32, as the sandbox's
 * fault injection already uses it (sandbox/prng.ts), so a seed means the same sequence everywhere.
 */
import { Prng } from '../sandbox/prng';

/** A repeatable stream of numbers in [0, 1) for one seed (replays a failure exactly). */
export function seededRandom(seed: number): () => number {
	const prng = new Prng(seed);
	return () => prng.next();
}

/** Fisher-Yates in place, driven by `random` (a seeded one gives the same order every run). */
export function shuffle<T>(items: T[], random: () => number): T[] {
	for (let i = items.length - 1; i > 0; i--) {
		const j = Math.floor(random() * (i + 1));
		[items[i], items[j]] = [items[j], items[i]];
	}
	return items;
}
