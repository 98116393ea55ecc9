/**
 * Enough of n8n's IWebhookFunctions to run a trigger's webhook() in a unit test: parameters (dot
 * paths too), one credential type, the request (headers, parsed and raw body), the response, and
 * the workflow's static data shared between calls as n8n shares it.
 */
import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';

export interface FakeRequest {
	headers?: Record<string, string | string[]>;
	/** What n8n's body parser produced. */
	body?: unknown;
	rawBody?: string;
	/** The workflow's static data, shared between calls like n8n does. */
	staticData?: IDataObject;
}

export interface Reply {
	status?: number;
	body?: unknown;
	ended: boolean;
	headers?: Record<string, string>;
	/** n8n answering the caller once the run is done (Respond "When Braze Has the Changes"). */
	n8nAnswers?: (code: number) => void;
}

export interface WebhookContextOptions {
	parameters: IDataObject;
	request: FakeRequest;
	/** null: no credential on the node, as n8n has none when Authentication is None. */
	credential: IDataObject | null;
	credentialType: string;
	node: { name: string; type: string };
}

function lookup(source: IDataObject, path: string): unknown {
	return path.split('.').reduce<unknown>((value, key) => (value as IDataObject | undefined)?.[key], source);
}

export function fakeWebhookContext({ parameters, request, credential, credentialType, node }: WebhookContextOptions) {
	const reply: Reply = { ended: false };
	const res = {
		status(code: number) {
			reply.status = code;
			return res;
		},
		json(body: unknown) {
			reply.body = body;
			reply.ended = true;
			return res;
		},
		end() {
			reply.ended = true;
			return res;
		},
		setHeader(name: string, value: string) {
			reply.headers = { ...reply.headers, [name]: value };
			return res;
		},
		// n8n answers later ("When Braze Has the Changes"): the trigger listens for it.
		statusCode: 200,
		once(event: string, listener: () => void) {
			if (event === 'finish') {
				reply.n8nAnswers = (code: number) => {
					res.statusCode = code;
					listener();
				};
			}
			return res;
		},
	};
	const headers = Object.fromEntries(Object.entries(request.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
	const ctx = {
		getNodeParameter(name: string, fallback?: unknown) {
			const value = lookup(parameters, name);
			return value === undefined ? fallback : value;
		},
		async getCredentials(type: string) {
			if (type !== credentialType) throw new Error(`unexpected credential type ${type}`);
			if (credential === null) throw new Error('Node does not have any credentials set');
			return credential;
		},
		getHeaderData: () => headers,
		getBodyData: () => request.body,
		getRequestObject: () => ({ rawBody: request.rawBody === undefined ? undefined : Buffer.from(request.rawBody) }),
		getResponseObject: () => res,
		getWorkflowStaticData: () => (request.staticData ??= {}),
		getNode: () => ({ id: 'n1', name: node.name, type: node.type, typeVersion: 1, position: [0, 0], parameters: {} }),
	};
	return { ctx: ctx as unknown as IWebhookFunctions, reply };
}
