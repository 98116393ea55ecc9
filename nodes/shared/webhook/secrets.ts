import { createHash, timingSafeEqual } from 'crypto';

/**
 * Compares a received secret with the expected one in constant time. Both sides are hashed
 * first so neither the length nor the first differing byte leaks through timing.
 */
export function secretsMatch(received: string | undefined, expected: string): boolean {
	if (typeof received !== 'string' || expected === '') return false;
	const a = createHash('sha256').update(received, 'utf8').digest();
	const b = createHash('sha256').update(expected, 'utf8').digest();
	return timingSafeEqual(a, b);
}

/** The token of an `Authorization: Bearer <token>` header, or undefined. */
export function bearerToken(header: string | string[] | undefined): string | undefined {
	const value = Array.isArray(header) ? header[0] : header;
	const match = /^Bearer\s+(.+)$/i.exec(value ?? '');
	return match ? match[1].trim() : undefined;
}
