import type { ICredentialTestFunctions, ICredentialsDecrypted, INodeCredentialTestResult } from 'n8n-workflow';

/**
 * Currents sends the token as an RFC 6750 bearer token, so it must be a b64token: letters, digits,
 * - . _ ~ + / and trailing =. Braze has no endpoint to test against, so this checks the credential
 * locally. (shared/webhook/credentialTest.ts does the same for Komo and GrowthLoop, without this
 * character rule; its checker is not exported.)
 */
const B64TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

export function checkBrazeWebhookCredential(data: Record<string, unknown>): INodeCredentialTestResult {
	const headerName = String(data.headerName ?? '').trim();
	const token = String(data.token ?? '');
	if (headerName !== '' && !HEADER_NAME.test(headerName)) return { status: 'Error', message: 'The header name may hold letters, digits and - only (no spaces or colons)' };
	if (token === '') return { status: 'Error', message: 'Enter the token: every call is refused with 401 until it is set' };
	if (/^bearer\s/i.test(token)) return { status: 'Error', message: 'Enter the token without the "Bearer " prefix' };
	if (!B64TOKEN.test(token)) return { status: 'Error', message: 'Use letters, digits and - . _ ~ + / only (and = at the end): Currents sends the token as a bearer token' };
	if (token.length < 16) return { status: 'Error', message: 'Use a token of at least 16 characters: it guards who may start this workflow' };
	return { status: 'OK', message: 'The token is well formed. Braze has no test endpoint: use "Test Integration" in Currents or "Send Test" in the webhook composer.' };
}

export async function brazeWebhookApiTest(this: ICredentialTestFunctions, credential: ICredentialsDecrypted): Promise<INodeCredentialTestResult> {
	return checkBrazeWebhookCredential((credential.data ?? {}) as Record<string, unknown>);
}
