/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-hardcoded-secrets */
/**
 * Webhook tokens are compared in constant time (nodes/shared/webhook/secrets.ts secretsMatch):
 * a token wrong in its first character takes as long to refuse as one wrong in its last. With
 * 1 MB tokens a plain `===` shows the difference plainly (it stops at the first differing
 * character); secretsMatch must not. Medians of interleaved runs, so background load hits both
 * sides alike.
 */
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';

import { secretsMatch } from '../../nodes/shared/webhook/secrets';

const SIZE = 1024 * 1024;
const ROUNDS = 101;

function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.floor(sorted.length / 2)];
}

function flip(value: string, at: number): string {
	return value.slice(0, at) + (value[at] === 'a' ? 'b' : 'a') + value.slice(at + 1);
}

/** Median time of compare(first-off) and compare(last-off), interleaved. */
function timings(compare: (received: string, expected: string) => boolean): { first: number; last: number } {
	const expected = randomBytes(SIZE / 2).toString('hex');
	const firstOff = flip(expected, 0);
	const lastOff = flip(expected, SIZE - 1);
	const first: number[] = [];
	const last: number[] = [];
	for (let i = 0; i < ROUNDS; i++) {
		// Fresh copies: no cached hashes or flattened ropes from the previous round.
		const [a, b, e] = [`${firstOff}`.slice(0), `${lastOff}`.slice(0), `${expected}`.slice(0)];
		let t = performance.now();
		expect(compare(a, e)).toBe(false);
		first.push(performance.now() - t);
		t = performance.now();
		expect(compare(b, e)).toBe(false);
		last.push(performance.now() - t);
	}
	return { first: median(first), last: median(last) };
}

describe('webhook token comparison timing', () => {
	it('the measurement can see a naive comparison: an early-exit compare refuses a first-character mismatch much faster', () => {
		const naive = timings((received, expected) => {
			for (let i = 0; i < expected.length; i++) if (received.charCodeAt(i) !== expected.charCodeAt(i)) return false;
			return received.length === expected.length;
		});
		const ratio = naive.last / Math.max(naive.first, 1e-6);
		process.stdout.write(`[timing] early-exit compare 1 MB: first-off ${naive.first.toFixed(3)} ms, last-off ${naive.last.toFixed(3)} ms, ratio ${ratio.toFixed(0)}\n`);
		expect(ratio).toBeGreaterThan(5);
	});

	it('secretsMatch takes as long for a first-character mismatch as for a last-character one', () => {
		const { first, last } = timings(secretsMatch);
		const ratio = last / first;
		process.stdout.write(`[timing] secretsMatch 1 MB: first-off ${first.toFixed(3)} ms, last-off ${last.toFixed(3)} ms, ratio ${ratio.toFixed(2)}\n`);
		expect(ratio).toBeGreaterThan(0.5);
		expect(ratio).toBeLessThan(2);
	});

	it('refuses every one-character variation and accepts only the token itself', () => {
		const token = 'tok-3f9a2c71-5e4b-4d0e-9c1a-0b7e6d5f4a32';
		expect(secretsMatch(token, token)).toBe(true);
		for (let i = 0; i < token.length; i++) expect(secretsMatch(flip(token, i), token)).toBe(false);
		expect(secretsMatch(token.slice(0, -1), token)).toBe(false);
		expect(secretsMatch(`${token}x`, token)).toBe(false);
		expect(secretsMatch(undefined, token)).toBe(false);
		// An empty configured token never matches (not even an empty header).
		expect(secretsMatch('', '')).toBe(false);
	});
});
