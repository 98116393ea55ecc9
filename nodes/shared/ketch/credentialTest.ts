import type { ICredentialTestFunctions, ICredentialsDecrypted, INodeCredentialTestResult } from 'n8n-workflow';

/**
 * Ketch has no endpoint a webhook token could be tested against: the token is a shared secret that
 * Ketch sends to n8n. This checks it locally, so a typo (spaces, a "Bearer " prefix) shows early.
 */
export async function ketchApiTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const token = String(credential.data?.token ?? '');
	if (token === '') return { status: 'Error', message: 'Enter the bearer token you set in Ketch under Developers > Webhooks' };
	if (/^bearer\s/i.test(token)) return { status: 'Error', message: 'Enter the token without the "Bearer " prefix: Ketch adds it' };
	if (/\s/.test(token)) return { status: 'Error', message: 'The token contains spaces or line breaks: paste it again' };
	if (token.length < 16) return { status: 'Error', message: 'Use a token of at least 16 characters: it guards who may write to Braze' };
	return { status: 'OK', message: 'The token is well formed. Ketch has no test endpoint: send a test event from Ketch to check it end to end.' };
}
