/* eslint-disable @n8n/community-nodes/no-restricted-imports */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { IDataObject, IExecuteFunctions, IHttpRequestOptions, INodeExecutionData } from 'n8n-workflow';

import { KetchApi } from '../../credentials/KetchApi.credentials';
import { Ketch } from '../../nodes/Ketch/Ketch.node';
import { ketchApiTest } from '../../nodes/shared/ketch/credentialTest';
import { SEALED_HEADERS_HEADER, openHeaders, sealHeaders } from '../../nodes/shared/ketch/seal';

const WEBHOOK_KEY = 'dummy-ketch-webhook-key-0123';
const credential = new KetchApi();

interface Received {
	path: string;
	headers: IncomingHttpHeaders;
	body: IDataObject;
}

let server: Server;
let base: string;
const received: Received[] = [];
type Answer = { status: number; body?: unknown; headers?: Record<string, string> };
let answer: Answer = { status: 204 };
/** Answers for the next requests, in order; then `answer`. */
const queued: Answer[] = [];

beforeAll(async () => {
	server = createServer((req, res) => {
		let text = '';
		req.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
		req.on('end', () => {
			received.push({ path: req.url ?? '', headers: req.headers, body: JSON.parse(text || '{}') as IDataObject });
			const next = queued.shift() ?? answer;
			res.writeHead(next.status, { 'content-type': 'application/json', ...(next.headers ?? {}) });
			res.end(next.body === undefined ? '' : JSON.stringify(next.body));
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
	await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
	received.length = 0;
	queued.length = 0;
	answer = { status: 204 };
});

/**
 * Enough of IExecuteFunctions for the Ketch node. httpRequestWithAuthentication runs the real
 * credential's authenticate(), as n8n does, then sends with fetch.
 */
function fakeContext(parameters: IDataObject, items: INodeExecutionData[], { continueOnFail = false, key = WEBHOOK_KEY, allowLocal = true } = {}) {
	const ctx = {
		getCredentials: async () => ({ token: key, allowLocalCallbacks: allowLocal }),
		getInputData: () => items,
		getNode: () => ({ id: 'n2', name: 'Ketch', type: 'n8n-nodes-braze.ketch', typeVersion: 1, position: [0, 0], parameters: {} }),
		continueOnFail: () => continueOnFail,
		getNodeParameter: (name: string, _i: number, fallback?: unknown) => parameters[name] ?? fallback,
		helpers: {
			async httpRequestWithAuthentication(type: string, options: IHttpRequestOptions) {
				expect(type).toBe('ketchApi');
				const request = await credential.authenticate({ token: key }, { ...options });
				// As n8n's helper: redirects followed unless disableFollowRedirect, timeout in ms.
				const response = await fetch(request.url, {
					method: request.method,
					headers: request.headers as Record<string, string>,
					body: JSON.stringify(request.body),
					redirect: request.disableFollowRedirect ? 'manual' : 'follow',
					...(request.timeout ? { signal: AbortSignal.timeout(request.timeout) } : {}),
				});
				const text = await response.text();
				return { statusCode: response.status, body: text ? (JSON.parse(text) as unknown) : '' };
			},
		},
	};
	return ctx as unknown as IExecuteFunctions;
}

const node = new Ketch();
const defaults: IDataObject = { requestSource: 'field', requestField: 'ketch', status: 'completed', reason: 'auto', documents: 'auto', placement: 'results' };

function ketchField(kind: string, path = '/callback') {
	const url = `${base}${path}`;
	return {
		kind,
		apiVersion: 'dsr/v1',
		metadata: { uid: 'uid-1', tenant: 'acme' },
		callbacks: [{ url, headerNames: ['Authorization'], sealedHeaders: sealHeaders(WEBHOOK_KEY, url, { Authorization: 'Bearer per-request-secret' }) }],
	};
}

async function run(parameters: IDataObject, items: INodeExecutionData[], options?: { continueOnFail?: boolean; key?: string; allowLocal?: boolean }) {
	return await node.execute.call(fakeContext({ ...defaults, ...parameters }, items, options));
}

describe('Ketch node: Send Status Event', () => {
	it('sends <Kind>StatusEvent to the callback with the headers Ketch gave, unsealed by the credential', async () => {
		const [[out]] = await run({}, [{ json: { ketch: ketchField('DeleteRequest'), brazeChanges: [] } }]);
		expect(received).toHaveLength(1);
		expect(received[0].headers.authorization).toBe('Bearer per-request-secret');
		expect(received[0].headers[SEALED_HEADERS_HEADER]).toBeUndefined();
		expect(received[0].headers['content-type']).toBe('application/json');
		expect(received[0].body).toEqual({
			apiVersion: 'dsr/v1',
			kind: 'DeleteStatusEvent',
			metadata: { uid: 'uid-1', tenant: 'acme' },
			event: { status: 'completed' },
		});
		expect(out.pairedItem).toEqual({ item: 0 });
		expect(out.json.ketchStatusEvent).toEqual({
			kind: 'DeleteStatusEvent',
			status: 'completed',
			documents: 0,
			callbacks: [{ url: `${base}/callback`, statusCode: 204 }],
		});
		expect(JSON.stringify(out.json)).not.toContain('per-request-secret');
	});

	it('attaches the Braze export of an access request as a base64 JSON document', async () => {
		const user = { external_id: 'u-1', email: 'ann@example.com', first_name: 'Ann' };
		const braze = { success: true, applied: 1, results: [{ type: 'export', endpoint: '/users/export/ids', ok: true, data: { found: true, user } }] };
		await run({ additionalFields: { resultMessage: 'Here is your data', requestID: 'exec-7' } }, [{ json: { ketch: ketchField('AccessRequest'), braze } }]);
		const event = received[0].body.event as IDataObject;
		expect(received[0].body.kind).toBe('AccessStatusEvent');
		expect(event).toEqual({
			status: 'completed',
			resultMessage: 'Here is your data',
			requestID: 'exec-7',
			results: [{ data: expect.any(String), headers: { 'Content-Type': 'application/json' } }],
		});
		const [document] = event.results as Array<{ data: string }>;
		expect(JSON.parse(Buffer.from(document.data, 'base64').toString('utf8'))).toEqual({ braze: user });
	});

	it('reports no_match when the export found nobody, and can place documents for operators only', async () => {
		const braze = { results: [{ type: 'export', ok: true, data: { found: false } }] };
		await run({}, [{ json: { ketch: ketchField('AccessRequest'), braze } }]);
		expect(received[0].body.event).toEqual({ status: 'completed', reason: 'no_match' });

		received.length = 0;
		await run({ documents: 'json', documentJson: '{"note":"kept 30 days"}', placement: 'documents', reason: 'none', status: 'in_progress' }, [
			{ json: { ketch: ketchField('CorrectionRequest') } },
		]);
		const event = received[0].body.event as IDataObject;
		expect(event.status).toBe('in_progress');
		expect(event.reason).toBeUndefined();
		expect(JSON.parse(Buffer.from((event.documents as Array<{ data: string }>)[0].data, 'base64').toString())).toEqual({ note: 'kept 30 days' });
	});

	it('sends an explicit reason, status and the other fields', async () => {
		await run({ status: 'completed', reason: 'insufficient_verification', additionalFields: { expectedCompletionTimestamp: 1_700_000_000, redirectUrl: 'https://example.com/x' } }, [
			{ json: { ketch: ketchField('RestrictProcessingRequest') } },
		]);
		expect(received[0].body).toMatchObject({
			kind: 'RestrictProcessingStatusEvent',
			event: { status: 'completed', reason: 'insufficient_verification', expectedCompletionTimestamp: 1_700_000_000, redirectUrl: 'https://example.com/x' },
		});
	});

	it('fails with Ketch\'s message when the callback refuses, and never shows the header', async () => {
		answer = { status: 409, body: { apiVersion: 'dsr/v1', kind: 'Error', error: { code: 409, status: 'conflict', message: 'request already completed' } } };
		await expect(run({}, [{ json: { ketch: ketchField('DeleteRequest') } }])).rejects.toThrow(
			`[item 0] Ketch refused the DeleteStatusEvent: ${base} answered HTTP 409: request already completed`,
		);
		const [[out]] = await run({}, [{ json: { ketch: ketchField('DeleteRequest') } }], { continueOnFail: true });
		expect(out.json.error).toMatch(/HTTP 409/);
		expect(JSON.stringify(out.json)).not.toContain('per-request-secret');
	});

	it('cannot open headers sealed under another token or moved to another URL', async () => {
		await expect(run({}, [{ json: { ketch: ketchField('DeleteRequest') } }], { key: 'dummy-other-key-0123456789' })).rejects.toThrow(
			/Could not open the sealed callback headers: use the same Ketch credential/,
		);
		const moved = ketchField('DeleteRequest');
		moved.callbacks[0].url = `${base}/elsewhere`;
		await expect(run({}, [{ json: { ketch: moved } }])).rejects.toThrow(/Could not open the sealed callback headers/);
		expect(received).toHaveLength(0);
	});

	it('refuses non-rights requests, missing fields, plain http to other hosts, and requests without callbacks', async () => {
		await expect(run({}, [{ json: { ketch: { ...ketchField('DeleteRequest'), kind: 'ConsentRequest' } } }])).rejects.toThrow(
			/ketch\.kind is "ConsentRequest": status events exist only for rights requests/,
		);
		await expect(run({}, [{ json: {} }])).rejects.toThrow(/Field "ketch" is missing on the input item/);
		await expect(run({}, [{ json: { ketch: { ...ketchField('DeleteRequest'), callbacks: [{ url: 'http://dsr.ketch.com/cb' }] } } }])).rejects.toThrow(
			/must use https:\/\//,
		);
		await expect(run({}, [{ json: { ketch: { ...ketchField('DeleteRequest'), callbacks: [] } } }])).rejects.toThrow(/has no callbacks/);
	});

	it('works from typed-in values (e.g. as an AI tool), without callback headers', async () => {
		await run({ requestSource: 'define', kind: 'AccessRequest', uid: 'uid-9', tenant: 'acme', callbackUrl: `${base}/manual`, status: 'pending' }, [{ json: {} }]);
		expect(received[0].path).toBe('/manual');
		expect(received[0].headers.authorization).toBeUndefined();
		expect(received[0].body).toEqual({ apiVersion: 'dsr/v1', kind: 'AccessStatusEvent', metadata: { uid: 'uid-9', tenant: 'acme' }, event: { status: 'pending' } });
	});

	it('offers only the statuses ketch-forwarder has (unknown, pending, in_progress, completed)', () => {
		const status = node.description.properties.find((property) => property.name === 'status');
		expect(status?.options?.map((option) => (option as { value: string }).value)).toEqual(['unknown', 'pending', 'in_progress', 'completed']);
	});

	it('never follows a redirect: the Authorization stays with the callback host and a 3xx is a failure', async () => {
		for (const code of [301, 302, 303, 307, 308]) {
			received.length = 0;
			queued.push({ status: code, headers: { location: `${base}/moved` } });
			await expect(run({}, [{ json: { ketch: ketchField('DeleteRequest') } }])).rejects.toThrow(`answered HTTP ${code} (a redirect, not followed`);
			expect(received.map((r) => r.path)).toEqual(['/callback']);
		}
	});

	it('refuses callbacks to this machine unless the credential allows local callbacks', async () => {
		for (const url of ['http://localhost:9/cb', 'http://127.0.0.1:9/cb', 'https://127.1.2.3/cb', 'http://[::1]:9/cb', 'https://app.localhost/cb']) {
			await expect(run({}, [{ json: { ketch: { ...ketchField('DeleteRequest'), callbacks: [{ url }] } } }], { allowLocal: false })).rejects.toThrow(
				/points at this machine: turn on Allow Local Callbacks in the Ketch credential/,
			);
		}
		await expect(run({}, [{ json: { ketch: ketchField('DeleteRequest') } }], { allowLocal: false })).rejects.toThrow(/Allow Local Callbacks/);
		expect(received).toHaveLength(0);
	});

	it('drops request-chosen headers that speak for the n8n host (Cookie, X-Forwarded-For)', async () => {
		const url = `${base}/callback`;
		const sealed = sealHeaders(WEBHOOK_KEY, url, { Authorization: 'Bearer t', Cookie: 'session=1', 'X-Forwarded-For': '10.0.0.1', 'X-Ketch-Trace': 'a' });
		await run({}, [{ json: { ketch: { ...ketchField('DeleteRequest'), callbacks: [{ url, headerNames: [], sealedHeaders: sealed }] } } }]);
		expect(received[0].headers).toMatchObject({ authorization: 'Bearer t', 'x-ketch-trace': 'a' });
		expect(received[0].headers.cookie).toBeUndefined();
		expect(received[0].headers['x-forwarded-for']).toBeUndefined();
	});

	it('retries a 5xx twice (1 s, then 2 s), then fails naming the tries', async () => {
		queued.push({ status: 503 }, { status: 502 });
		const [[out]] = await run({}, [{ json: { ketch: ketchField('DeleteRequest') } }]);
		expect(received).toHaveLength(3);
		expect(out.json.ketchStatusEvent).toMatchObject({ callbacks: [{ statusCode: 204 }] });

		received.length = 0;
		answer = { status: 500 };
		await expect(run({}, [{ json: { ketch: ketchField('DeleteRequest') } }])).rejects.toThrow(/answered HTTP 500 after 3 tries/);
		expect(received).toHaveLength(3);
	}, 20_000);

	it('refuses documents over Ketch\'s 1 MB', async () => {
		const big = { blob: 'x'.repeat(1024 * 1024) };
		await expect(run({ documents: 'json', documentJson: JSON.stringify(big) }, [{ json: { ketch: ketchField('AccessRequest') } }])).rejects.toThrow(
			/Ketch accepts at most 1048576/,
		);
	});
});

describe('sealed callback headers', () => {
	it('round-trip, bound to token and URL, tamper-evident', () => {
		const sealed = sealHeaders(WEBHOOK_KEY, 'https://a.example/cb', { Authorization: 'x', 'X-Extra': 'y' });
		expect(sealed).not.toContain('Authorization');
		expect(openHeaders(WEBHOOK_KEY, 'https://a.example/cb', sealed)).toEqual({ Authorization: 'x', 'X-Extra': 'y' });
		expect(() => openHeaders('other', 'https://a.example/cb', sealed)).toThrow(/Could not open/);
		expect(() => openHeaders(WEBHOOK_KEY, 'https://b.example/cb', sealed)).toThrow(/Could not open/);
		const tampered = sealed.slice(0, -2) + (sealed.endsWith('A') ? 'BB' : 'AA');
		expect(() => openHeaders(WEBHOOK_KEY, 'https://a.example/cb', tampered)).toThrow(/Could not open|truncated/);
		expect(() => openHeaders(WEBHOOK_KEY, 'https://a.example/cb', 'v0.abc')).toThrow(/not in a format/);
	});

	it('the credential leaves requests without sealed headers alone', async () => {
		const options: IHttpRequestOptions = { url: 'https://x.example', headers: { Accept: 'application/json' } };
		expect(await credential.authenticate({ token: WEBHOOK_KEY }, options)).toBe(options);
	});
});

describe('Ketch credential test', () => {
	const test = (token: string) => ketchApiTest.call({} as never, { id: '1', name: 'k', type: 'ketchApi', data: { token } });
	it.each([
		['', /Enter the bearer token/],
		['Bearer abcdefghijklmnopqrstuvwxyz', /without the "Bearer " prefix/],
		['abc def ghi jkl mno pqr', /spaces/],
		['short', /at least 16/],
	])('refuses %j', async (token, message) => {
		expect(await test(token)).toEqual({ status: 'Error', message: expect.stringMatching(message) });
	});
	it('accepts a well-formed token', async () => {
		expect(await test(WEBHOOK_KEY)).toMatchObject({ status: 'OK' });
	});
});
