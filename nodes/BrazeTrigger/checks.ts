import type { IHookFunctions, IWebhookFunctions } from 'n8n-workflow';

import { bearerToken, credentialHeader, secretsMatch } from '../shared/webhook/secrets';
import { CREDENTIAL } from './description';

export type Source = 'currents' | 'webhook';

/** The header a webhook message sends the token in unless the credential names another. */
export const DEFAULT_HEADER = 'X-Braze-Webhook-Token';

export function text(ctx: IWebhookFunctions | IHookFunctions, name: string, fallback: string): string {
	const value = ctx.getNodeParameter(name, fallback) as unknown;
	return typeof value === 'string' ? value : fallback;
}

export function source(ctx: IWebhookFunctions | IHookFunctions): Source {
	return text(ctx, 'source', 'currents') === 'webhook' ? 'webhook' : 'currents';
}

/** The event types the node listens to: the multi-select plus the free-text list. */
export function allowedEventTypes(ctx: IWebhookFunctions): string[] {
	const selected = (ctx.getNodeParameter('eventTypes', []) ?? []) as string[];
	const others = text(ctx, 'otherEventTypes', '').split(',').map((name) => name.trim()).filter(Boolean);
	return [...selected, ...others];
}

/**
 * Whether the call carries the credential's token. Currents sends it only as
 * `Authorization: Bearer <token>`; a webhook message sends it in the credential's header (bare, or
 * as Bearer when that header is Authorization). Both comparisons run so timing shows neither.
 */
export async function authorized(ctx: IWebhookFunctions, from: Source): Promise<{ ok: boolean; what: string }> {
	if (text(ctx, 'authentication', 'token') !== 'token') return { ok: true, what: '' };
	if (from === 'currents') {
		const credentials = await ctx.getCredentials(CREDENTIAL);
		const expected = typeof credentials.token === 'string' ? credentials.token : '';
		const raw = ctx.getHeaderData().authorization as string | string[] | undefined;
		return { ok: secretsMatch(bearerToken(raw), expected), what: 'Authorization: Bearer token' };
	}
	const { headerName, expected, received } = await credentialHeader(ctx, { type: CREDENTIAL, secretField: 'token', defaultHeader: DEFAULT_HEADER });
	const bare = secretsMatch(received?.trim(), expected);
	const bearer = headerName === 'authorization' && secretsMatch(bearerToken(received), expected);
	return { ok: bare || bearer, what: `${headerName} header` };
}

/** Refuse to go live when every call would be refused: token authentication without a token. */
export async function publishProblem(ctx: IHookFunctions): Promise<string | undefined> {
	if (ctx.getNodeParameter('authentication', 'token') !== 'token') return undefined;
	const credentials = await ctx.getCredentials(CREDENTIAL);
	if (String(credentials.token ?? '') === '') {
		return 'The Braze Webhook API credential has no Token: enter one (a long random value, e.g. from openssl rand -hex 32) before publishing, or choose Authentication "None"';
	}
	return undefined;
}
