import type { ICredentialDataDecryptedObject, IHookFunctions, IWebhookFunctions } from 'n8n-workflow';

import { type ParameterGetter, readWriteSetup } from '../shared/membership/properties';
import { bearerToken, credentialHeader, secretsMatch } from '../shared/webhook/secrets';
import { GROWTHLOOP } from './description';

export const CREDENTIAL = 'growthLoopWebhookApi';

/** Header name and token come from the credential: n8n encrypts it and keeps it out of executions. */
export function credentialProblem(credentials: ICredentialDataDecryptedObject): string | undefined {
	if (String(credentials.headerName ?? '').trim() === '') return 'Header Name in the GrowthLoop Webhook API credential is empty: e.g. Authorization';
	if (String(credentials.token ?? '') === '') return 'Token in the GrowthLoop Webhook API credential is empty: set the secret GrowthLoop sends, or choose Authentication "None"';
	return undefined;
}

/** The node's own settings: paths, fields, write target and member mapping. */
export function configProblem(get: ParameterGetter): string | undefined {
	if (get('routing', 'twoPaths') === 'twoPaths') {
		const add = String(get('addPath', 'add') ?? '').trim();
		const remove = String(get('removePath', 'remove') ?? '').trim();
		if (add === '' || remove === '') return 'Add Path and Remove Path must not be empty: e.g. add and remove';
		if (add === remove) return 'Add Path and Remove Path must differ';
		if (/[/:?#\s]/.test(add + remove)) return 'Add Path and Remove Path must be one URL segment each: no "/", ":", "?", "#" or spaces';
	} else if (String(get('actionField', 'action') ?? '').trim() === '') {
		return 'Action Field is empty: e.g. action';
	}
	if (/[:?#\s]/.test(String(get('path', '') ?? ''))) return 'Path must not hold ":", "?", "#" or spaces: e.g. audiences';
	if (String(get('membersField', 'members') ?? '').trim() === '') return 'Members Field is empty: e.g. members';
	return readWriteSetup(get, GROWTHLOOP, 'check', 'Check').problem;
}

/** Why publishing must be refused (a setting that would make every call fail); undefined when it can go live. */
export async function publishProblem(ctx: IHookFunctions): Promise<string | undefined> {
	const get: ParameterGetter = (name, fallback) => ctx.getNodeParameter(name, fallback);
	if (get('authentication', 'headerToken') === 'headerToken') {
		const problem = credentialProblem(await ctx.getCredentials(CREDENTIAL));
		if (problem) return problem;
	}
	return configProblem(get);
}

/** Whether the call carries the credential's token (bare, or as a Bearer token in Authorization). */
export async function authorized(ctx: IWebhookFunctions): Promise<boolean> {
	if (ctx.getNodeParameter('authentication', 'headerToken') !== 'headerToken') return true;
	const { headerName, expected, received: value } = await credentialHeader(ctx, { type: CREDENTIAL, secretField: 'token', defaultHeader: 'Authorization' });
	// Both comparisons always run: which form matched must not show in the timing.
	const bare = secretsMatch(value?.trim(), expected);
	const bearer = headerName === 'authorization' && secretsMatch(bearerToken(value), expected);
	return bare || bearer;
}
