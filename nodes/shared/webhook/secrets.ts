import { createHash, timingSafeEqual } from 'crypto';
import type { IWebhookFunctions } from 'n8n-workflow';

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

/**
 * What a header-secret webhook compares: the secret its credential holds (n8n encrypts
 * credentials and keeps them out of executions) and the value the request sent in the
 * credential's header. An empty secret matches nothing in secretsMatch: 401, never "accept all".
 */
export async function credentialHeader(
	ctx: IWebhookFunctions,
	credential: { type: string; secretField: string; defaultHeader: string },
): Promise<{ headerName: string; expected: string; received: string | undefined }> {
	const credentials = await ctx.getCredentials(credential.type);
	const secret = credentials[credential.secretField];
	const headerName = String(credentials.headerName ?? '').trim().toLowerCase() || credential.defaultHeader.toLowerCase();
	const raw = ctx.getHeaderData()[headerName] as string | string[] | undefined;
	return { headerName, expected: typeof secret === 'string' ? secret : '', received: Array.isArray(raw) ? raw[0] : raw };
}
