/**
 * A small stand-in for n8n's IExecuteFunctions that runs a node's real code against a real HTTP
 * server (the Braze sandbox). httpRequestWithAuthentication applies the package's own credential
 * definition (its `authenticate` block) and sends the request with fetch, like n8n's helper does.
 * The end-to-end suite then checks the same code inside real n8n.
 */
import type { IAdditionalCredentialOptions, ICredentialDataDecryptedObject, ICredentialType, IDataObject, IHttpRequestOptions, INodeExecutionData } from 'n8n-workflow';

import { BrazeApi } from '../../credentials/BrazeApi.credentials';
import { BrazeCohortApi } from '../../credentials/BrazeCohortApi.credentials';

const credentialTypes: Record<string, ICredentialType> = { brazeApi: new BrazeApi(), brazeCohortApi: new BrazeCohortApi() };

export interface ContextOptions {
	parameters: Record<string, unknown> | ((itemIndex: number) => Record<string, unknown>);
	items?: INodeExecutionData[];
	credentials?: Record<string, IDataObject>;
	continueOnFail?: boolean;
}

export interface RecordedRequest {
	method: string;
	url: string;
	body?: unknown;
}

/** Resolves the `={{$credentials.x}}` templates of a credential's authenticate block. */
function resolveTemplate(template: string, credentials: IDataObject): string {
	const text = template.startsWith('=') ? template.slice(1) : template;
	return text.replace(/\{\{\s*\$credentials\.(\w+)\s*\}\}/g, (_m, key: string) => String(credentials[key] ?? ''));
}

function lookup(source: Record<string, unknown>, path: string): unknown {
	return path.split('.').reduce<unknown>((value, key) => (value as Record<string, unknown> | undefined)?.[key], source);
}

function encodeQuery(qs: IDataObject): string {
	const parts: string[] = [];
	for (const [key, value] of Object.entries(qs)) {
		if (value === undefined) continue;
		if (Array.isArray(value)) for (const v of value) parts.push(`${encodeURIComponent(`${key}[]`)}=${encodeURIComponent(String(v))}`);
		else parts.push(`${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`);
	}
	return parts.join('&');
}

export function createContext(options: ContextOptions) {
	const requests: RecordedRequest[] = [];
	const items = options.items ?? [{ json: {} }];
	const parametersOf = (i: number) =>
		typeof options.parameters === 'function' ? options.parameters(i) : options.parameters;

	const storedParameters =
		typeof options.parameters === 'function'
			? new Proxy({}, { get: () => '={{ $json }}' })
			: options.parameters;

	const context = {
		requests,
		getInputData: () => items,
		// As n8n stores them: per-item parameters (a function here) are expressions there.
		getNode: () => ({ id: 'test', name: 'Braze', type: 'n8n-nodes-braze.braze', typeVersion: 1, position: [0, 0], parameters: storedParameters }),
		continueOnFail: () => options.continueOnFail === true,
		hints: [] as unknown[],
		addExecutionHints(...hints: unknown[]) {
			context.hints.push(...hints);
		},
		getNodeParameter(name: string, itemIndex: number, fallback?: unknown) {
			const value = lookup(parametersOf(itemIndex), name);
			if (value === undefined) {
				if (arguments.length >= 3) return fallback;
				throw new Error(`Test context: parameter "${name}" is not set`);
			}
			return value;
		},
		/** How many times the node read each credential (n8n decrypts it on every read). */
		credentialReads: {} as Record<string, number>,
		async getCredentials(type: string) {
			context.credentialReads[type] = (context.credentialReads[type] ?? 0) + 1;
			const credentials = options.credentials?.[type];
			if (!credentials) throw new Error(`Node does not have any credentials set for "${type}"`);
			return credentials;
		},
		helpers: {
			async httpRequestWithAuthentication(type: string, request: IHttpRequestOptions, additional?: IAdditionalCredentialOptions) {
				// As n8n: a credential handed over with the request is used as it is, else it is read.
				// getCredentials throws, as n8n does, when the node has no such credential.
				const credentials = (additional?.credentialsDecrypted?.data as IDataObject | undefined) ?? (await context.getCredentials(type));
				const authenticate = credentialTypes[type].authenticate;
				const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
				let body = request.body as IDataObject | undefined;
				if (typeof authenticate === 'function') {
					// A function authenticate gets the decrypted credential and returns the request, as in n8n.
					const signed = await authenticate(credentials as ICredentialDataDecryptedObject, { ...request, headers: { ...(request.headers ?? {}) } });
					for (const [key, value] of Object.entries(signed.headers ?? {})) headers[key] = String(value);
					body = signed.body as IDataObject | undefined;
				} else {
					const generic = authenticate as unknown as { properties: { headers?: IDataObject; body?: IDataObject } };
					for (const [key, value] of Object.entries(generic.properties.headers ?? {})) headers[key] = resolveTemplate(String(value), credentials);
					if (generic.properties.body) {
						body = { ...(body ?? {}) };
						for (const [key, value] of Object.entries(generic.properties.body)) body[key] = resolveTemplate(String(value), credentials);
					}
				}
				const query = request.qs ? encodeQuery(request.qs) : '';
				const url = `${request.url}${query ? `?${query}` : ''}`;
				requests.push({ method: request.method ?? 'GET', url, body: request.body });
				let response: Response;
				try {
					response = await fetch(url, {
						method: request.method ?? 'GET',
						headers,
						body: body !== undefined && request.method !== 'GET' ? JSON.stringify(body) : undefined,
					});
				} catch (error) {
					// n8n's helper (axios) reports a dropped connection as ECONNRESET: do the same.
					throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET', cause: error });
				}
				const text = await response.text();
				let parsed: unknown = text;
				try {
					parsed = text ? JSON.parse(text) : {};
				} catch {
					// not JSON: keep the text
				}
				if (!request.ignoreHttpStatusErrors && response.status >= 400) {
					throw Object.assign(new Error(`Request failed with status code ${response.status}`), { httpCode: String(response.status) });
				}
				const responseHeaders: Record<string, string> = {};
				response.headers.forEach((value, key) => (responseHeaders[key] = value));
				return request.returnFullResponse ? { statusCode: response.status, headers: responseHeaders, body: parsed } : parsed;
			},
		},
	};
	return context;
}
