import type { ICredentialTestFunctions, ICredentialsDecrypted, INodeCredentialTestResult } from 'n8n-workflow';

/** An HTTP header name (RFC 9110 token). */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

interface WebhookSecretCheck {
	partner: string;
	/** The credential field holding the secret, and how it is called in messages. */
	field: string;
	label: string;
}

/**
 * A webhook secret has no endpoint to be tested against: the partner sends it to n8n. This checks
 * the credential locally, so a typo (spaces, a "Bearer " prefix, a bad header name) shows early.
 */
function checkWebhookSecret(credential: ICredentialsDecrypted, check: WebhookSecretCheck): INodeCredentialTestResult {
	const headerName = String(credential.data?.headerName ?? '').trim();
	const secret = String(credential.data?.[check.field] ?? '');
	if (headerName === '') return { status: 'Error', message: 'Enter the header name, e.g. the default' };
	if (!HEADER_NAME.test(headerName)) return { status: 'Error', message: 'The header name may hold letters, digits and - only (no spaces or colons)' };
	if (secret === '') return { status: 'Error', message: `Enter the ${check.label}: every call is refused with 401 until it is set` };
	if (/^bearer\s/i.test(secret)) return { status: 'Error', message: `Enter the ${check.label} without the "Bearer " prefix` };
	if (/\s/.test(secret)) return { status: 'Error', message: `The ${check.label} contains spaces or line breaks: paste it again` };
	if (secret.length < 16) return { status: 'Error', message: `Use a ${check.label} of at least 16 characters: it guards who may write to Braze` };
	return {
		status: 'OK',
		message: `The ${check.label} is well formed. ${check.partner} has no test endpoint: send a test call from ${check.partner} to check it end to end.`,
	};
}

export async function komoWebhookApiTest(this: ICredentialTestFunctions, credential: ICredentialsDecrypted): Promise<INodeCredentialTestResult> {
	return checkWebhookSecret(credential, { partner: 'Komo', field: 'secret', label: 'secret' });
}

export async function growthLoopWebhookApiTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	return checkWebhookSecret(credential, { partner: 'GrowthLoop', field: 'token', label: 'token' });
}
