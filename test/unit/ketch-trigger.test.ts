import type { IDataObject, IWebhookResponseData } from 'n8n-workflow';

import { KetchTrigger } from '../../nodes/KetchTrigger/KetchTrigger.node';
import { openHeaders } from '../../nodes/shared/ketch/seal';
import { forgetLeases } from '../../nodes/shared/webhook/deliveryGate';
import { RECEIPTS_KEY, fileReceipts } from '../../nodes/shared/webhook/receipts';
import rightsTemplate from '../../workflows/ketch-rights-requests.json';
import { rightsRequest, subscriptionTopicRequest } from '../helpers/ketchRequests';
import { type Reply, fakeWebhookContext } from '../helpers/webhookContext';

const WEBHOOK_KEY = 'dummy-ketch-webhook-key-0123';

const defaults: IDataObject = {
	kinds: [
		'ConsentRequest',
		'SubscriptionTopicRequest',
		'SubscriptionControlRequest',
		'AccessRequest',
		'CorrectionRequest',
		'DeleteRequest',
		'RestrictProcessingRequest',
	],
	identitySpaces: { spaces: [{ identitySpace: 'email', brazeIdentifier: 'email' }] },
	topicMappings: { topics: [{ topic: 'newsletter', channel: 'email', subscriptionGroupId: 'group-newsletter' }] },
	control: {},
	consent: {},
	rights: {},
	options: {},
};

/** The shared fake webhook context, with the Ketch credential and the raw body n8n keeps. */
function fakeContext(parameters: IDataObject, headers: Record<string, string>, body: unknown, staticData: IDataObject) {
	return fakeWebhookContext({
		parameters,
		request: { headers, body, rawBody: JSON.stringify(body ?? ''), staticData },
		credential: { token: WEBHOOK_KEY },
		credentialType: 'ketchApi',
		node: { name: 'Ketch Trigger', type: 'n8n-nodes-braze.ketchTrigger' },
	});
}

const node = new KetchTrigger();

async function deliver(
	body: unknown,
	{ parameters = {}, headers, staticData = {} }: { parameters?: IDataObject; headers?: Record<string, string>; staticData?: IDataObject } = {},
): Promise<{ result: IWebhookResponseData; reply: Reply; staticData: IDataObject }> {
	const { ctx, reply } = fakeContext(
		{ ...defaults, ...parameters },
		headers ?? { Authorization: `Bearer ${WEBHOOK_KEY}`, 'Content-Type': 'application/json' },
		body,
		staticData,
	);
	const result = await node.webhook.call(ctx);
	return { result, reply, staticData };
}

/** What the Braze node does once it has applied (or failed) the run's items: files their receipts. */
function finishRun(result: IWebhookResponseData, staticData: IDataObject, applied = true): void {
	fileReceipts(() => staticData, result.workflowData![0], () => applied, Date.now());
}

beforeEach(() => forgetLeases());

let uidCounter = 0;
const nextUid = () => `00000000-0000-4000-8000-${String(++uidCounter).padStart(12, '0')}`;

function topicRequest(status: 'granted' | 'denied', submittedTimestamp = 1_700_000_000, uid = nextUid()) {
	return subscriptionTopicRequest({ email: 'ann@example.com', topics: { newsletter: { email: { status } } }, submittedTimestamp, uid });
}

function deleteRequest(uid = nextUid()) {
	return rightsRequest({
		kind: 'DeleteRequest',
		email: 'ann@example.com',
		uid,
		identities: [{ identitySpace: 'email', identityValue: 'ann@example.com' }],
		callbackUrl: 'https://dsr.ketch.com/callback/abc',
		callbackHeaders: { Authorization: 'Bearer per-request-secret' },
		submittedTimestamp: 1_700_000_000,
		dueTimestamp: 1_702_592_000,
	});
}

const consentRequest = () => ({
	apiVersion: 'consent/v1',
	kind: 'ConsentRequest',
	metadata: { uid: nextUid(), tenant: 'acme' },
	request: {
		property: 'website',
		environment: 'production',
		regulation: 'gdpr',
		jurisdiction: 'eugdpr',
		identities: [{ identitySpace: 'email', identityValue: 'ann@example.com' }],
		purposes: { analytics: 'granted' },
		legalBasis: { analytics: 'consent_optin' },
		collectedAt: 1_700_000_000,
	},
});

describe('Ketch Trigger: authentication', () => {
	it.each([
		['no Authorization header', { 'Content-Type': 'application/json' }],
		['a wrong token', { Authorization: 'Bearer wrong-token', 'Content-Type': 'application/json' }],
		['the token without the Bearer scheme', { Authorization: WEBHOOK_KEY, 'Content-Type': 'application/json' }],
		['another scheme', { Authorization: `Basic ${WEBHOOK_KEY}`, 'Content-Type': 'application/json' }],
	])('answers 401 with a Ketch Error and starts nothing for %s', async (_case, headers) => {
		const { result, reply } = await deliver(deleteRequest(), { headers });
		expect(reply).toEqual({
			status: 401,
			ended: true,
			body: { apiVersion: 'dsr/v1', kind: 'Error', metadata: {}, error: { code: 401, status: 'forbidden', message: 'Missing or wrong bearer token in the Authorization header' } },
		});
		expect(result).toEqual({ noWebhookResponse: true });
		expect(JSON.stringify(reply.body)).not.toContain(WEBHOOK_KEY);
	});
});

describe('Ketch Trigger: validation', () => {
	it('answers 400 with the Error envelope naming the field', async () => {
		const body = deleteRequest();
		delete (body.request as Partial<typeof body.request>).dueTimestamp;
		const { result, reply } = await deliver(body);
		expect(reply).toEqual({
			status: 400,
			ended: true,
			body: {
				apiVersion: 'dsr/v1',
				kind: 'Error',
				metadata: body.metadata,
				error: { code: 400, status: 'invalid', message: 'request.dueTimestamp is required' },
			},
		});
		expect(result.workflowData).toBeUndefined();
	});

	it('answers 400 for a body that is not JSON', async () => {
		const { reply } = await deliver('hello', { headers: { Authorization: `Bearer ${WEBHOOK_KEY}`, 'Content-Type': 'text/plain' } });
		expect(reply.status).toBe(400);
		expect(reply.body).toMatchObject({ kind: 'Error', error: { status: 'invalid', message: expect.stringMatching(/application\/json/) } });
	});

	it('answers 400 for a hashed identity, saying it is never sent to Braze', async () => {
		const body = topicRequest('granted');
		body.request.identities[0].identityFormat = 'sha1';
		const { result, reply } = await deliver(body);
		expect(reply.status).toBe(400);
		expect((reply.body as { error: { message: string } }).error.message).toMatch(/request\.identities\[0\] \(space "email"\) is sha1-hashed.*never sent to Braze/);
		expect(result.workflowData).toBeUndefined();
	});
});

describe('Ketch Trigger: hostile identities (issue 18 item 8)', () => {
	it.each([
		['a NUL', 'ann\u0000@example.com', /contains a control character \(U\+0000 at position 3\)/],
		['100 KB', `${'a'.repeat(100_000)}@example.com`, /is 100012 characters long: an identifier has at most 255/],
	])('refuses an identity value with %s with a 400 Error naming it, and starts nothing', async (_what, identityValue, message) => {
		const body = deleteRequest();
		body.request.identities = [{ identitySpace: 'email', identityValue }];
		const { result, reply } = await deliver(body);
		expect(result.workflowData).toBeUndefined();
		expect(reply.status).toBe(400);
		const error = (reply.body as { kind: string; error: { message: string } });
		expect(error.kind).toBe('Error');
		expect(error.error.message).toMatch(/^request\.identities\[0\]\.identityValue \(space "email"\) /);
		expect(error.error.message).toMatch(message);
	});
});

describe('Ketch Trigger: the rights template as shipped', () => {
	const templateTrigger = (rightsTemplate as { nodes: Array<{ type: string; parameters: IDataObject }> }).nodes.find((n) => n.type.endsWith('ketchTrigger'))!;

	it.each(['AccessRequest', 'DeleteRequest', 'CorrectionRequest', 'RestrictProcessingRequest'])(
		'runs %s carrying only account_id (as the protocol examples do), as the Braze external ID',
		async (kind) => {
			const base = deleteRequest();
			const body = { ...base, kind, request: { ...base.request, identities: [{ identitySpace: 'account_id', identityValue: '123' }], ...(kind === 'RestrictProcessingRequest' ? { purposes: ['analytics'] } : {}) } };
			const { result, reply } = await deliver(body, { parameters: templateTrigger.parameters });
			expect(reply.status).toBe(200);
			const changes = result.workflowData![0][0].json.brazeChanges as IDataObject[];
			expect(changes.length).toBeGreaterThan(0);
			for (const change of changes) expect(change.user).toEqual({ external_id: '123' });
		},
	);

	it('the node default maps email first, then account_id', () => {
		const spaces = node.description.properties.find((p) => p.name === 'identitySpaces')!.default as IDataObject;
		expect(spaces).toEqual({ spaces: [{ identitySpace: 'email', brazeIdentifier: 'email' }, { identitySpace: 'account_id', brazeIdentifier: 'external_id' }] });
	});
});

describe('Ketch Trigger: replies and items', () => {
	it('answers a subscription only once the run is done (n8n replies 204, or 500 if the run failed) and emits its Braze changes', async () => {
		const { result, reply } = await deliver(topicRequest('granted'));
		// No reply from the node: n8n answers when the last node finishes (Respond: When Braze Has the Changes).
		expect(reply).toMatchObject({ ended: false });
		expect(reply.status).toBeUndefined();
		expect(result.noWebhookResponse).toBeUndefined();
		const [[item]] = result.workflowData!;
		expect(item.json.brazeChanges).toEqual([{ type: 'subscription', user: { email: 'ann@example.com' }, groupId: 'group-newsletter', state: 'subscribed' }]);
		expect(item.json.ketch).toMatchObject({
			kind: 'SubscriptionTopicRequest',
			metadata: { tenant: 'acme' },
			identity: { identitySpace: 'email', brazeIdentifier: 'email', value: 'ann@example.com' },
			topics: { newsletter: { email: 'granted' } },
		});
		expect(item.json.deliveryReceipt).toEqual({ key: expect.stringMatching(/^[0-9a-f]{16}$/), keepHours: 24, newest: [[expect.stringMatching(/^[0-9a-f]{16}$/), 1_700_000_000]] });
		expect(node.description.webhooks![0]).toMatchObject({ responseMode: expect.stringContaining('lastNode'), responseCode: '={{204}}', responseData: 'noData' });
	});

	it('with Respond At Once, answers a subscription with 204 (or 202) before the run', async () => {
		const atOnce = { respond: 'atOnce' };
		const { result, reply } = await deliver(topicRequest('granted'), { parameters: atOnce });
		expect(reply).toEqual({ status: 204, ended: true });
		expect(result.noWebhookResponse).toBe(true);
		expect(result.workflowData![0]).toHaveLength(1);
		const accepted = await deliver(topicRequest('denied'), { parameters: { ...atOnce, options: { subscriptionReply: 202 } } });
		expect(accepted.reply).toEqual({ status: 202, ended: true });
	});

	it('leaves consent to n8n too, which answers 204 once Braze has it', async () => {
		const { result, reply } = await deliver(consentRequest(), { parameters: { consent: { enabled: true } } });
		expect(reply).toMatchObject({ ended: false });
		expect(reply.status).toBeUndefined();
		expect(result.workflowData![0][0].json.brazeChanges).toEqual([
			{ type: 'attributes', user: { email: 'ann@example.com' }, attributes: { ketch_consent_analytics: 'granted' }, updateExistingOnly: true },
		]);
	});

	it('answers a rights request with its <Kind>Response and seals the callback headers', async () => {
		const body = deleteRequest();
		const { result, reply } = await deliver(body);
		expect(reply).toEqual({
			status: 200,
			ended: true,
			body: { apiVersion: 'dsr/v1', kind: 'DeleteResponse', metadata: body.metadata, response: { status: 'in_progress' } },
		});
		const [[item]] = result.workflowData!;
		expect(item.json.brazeChanges).toEqual([{ type: 'delete', user: { email: 'ann@example.com' } }]);
		const ketch = item.json.ketch as IDataObject;
		expect(ketch).toMatchObject({ kind: 'DeleteRequest', dueTimestamp: 1_702_592_000, reply: { status: 'in_progress' } });
		const [callback] = ketch.callbacks as Array<{ url: string; headerNames: string[]; sealedHeaders: string }>;
		expect(callback).toEqual({ url: 'https://dsr.ketch.com/callback/abc', headerNames: ['Authorization'], sealedHeaders: expect.stringMatching(/^v1\./) });
		// The header value never appears in the item; the credential's token opens it.
		expect(JSON.stringify(item.json)).not.toContain('per-request-secret');
		expect(JSON.stringify(item.json)).not.toContain(WEBHOOK_KEY);
		expect(openHeaders(WEBHOOK_KEY, callback.url, callback.sealedHeaders)).toEqual({ Authorization: 'Bearer per-request-secret' });
	});

	it('can answer rights requests as pending', async () => {
		const { reply } = await deliver(deleteRequest(), { parameters: { rights: { initialStatus: 'pending' } } });
		expect(reply.body).toMatchObject({ kind: 'DeleteResponse', response: { status: 'pending' } });
	});
});

describe('Ketch Trigger: kinds that start the workflow', () => {
	const onlyTopics = { kinds: ['SubscriptionTopicRequest'] };

	it('acknowledges an unselected consent or subscription request and starts nothing', async () => {
		const { result, reply } = await deliver(consentRequest(), { parameters: onlyTopics });
		expect(reply).toEqual({ status: 204, ended: true });
		expect(result).toEqual({ noWebhookResponse: true });
	});

	it('answers an unselected rights request 501 unimplemented, so Ketch does not count it done', async () => {
		const body = deleteRequest();
		const { result, reply } = await deliver(body, { parameters: onlyTopics });
		expect(reply.status).toBe(501);
		expect(reply.body).toMatchObject({ kind: 'Error', metadata: body.metadata, error: { code: 501, status: 'unimplemented' } });
		expect(result).toEqual({ noWebhookResponse: true });
	});

	it('acknowledges a preference request with no mapped identity (anonymous visitor) without a run', async () => {
		const body = consentRequest();
		body.request.identities = [{ identitySpace: 'swb_cookie', identityValue: 'abc' }];
		const { result, reply } = await deliver(body);
		expect(reply).toEqual({ status: 204, ended: true });
		expect(result).toEqual({ noWebhookResponse: true });
	});
});

describe('Ketch Trigger: retries and ordering', () => {
	it('answers a retried uid the same way and starts no second execution once Braze has it', async () => {
		const staticData: IDataObject = {};
		const body = deleteRequest();
		const first = await deliver(body, { staticData });
		expect(first.result.workflowData).toHaveLength(1);
		finishRun(first.result, staticData);
		const retry = await deliver(body, { staticData });
		expect(retry.reply).toEqual(first.reply);
		expect(retry.result).toEqual({ noWebhookResponse: true });
		// Another tenant's request with the same uid is not a retry.
		const other = await deliver({ ...body, metadata: { ...body.metadata, tenant: 'other' } }, { staticData });
		expect(other.result.workflowData).toHaveLength(1);
	});

	it('runs a retry again when the first run failed: a failed run never locks out Ketch', async () => {
		const staticData: IDataObject = {};
		const body = topicRequest('denied');
		const first = await deliver(body, { staticData });
		finishRun(first.result, staticData, false);
		const retry = await deliver(body, { staticData });
		expect(retry.result.workflowData![0][0].json.brazeChanges).toEqual([expect.objectContaining({ state: 'unsubscribed' })]);
		finishRun(retry.result, staticData);
		expect((await deliver(body, { staticData })).result.workflowData).toBeUndefined();
	});

	it('answers a copy arriving while the same request is being applied 409 conflict with Retry-After, and runs nothing', async () => {
		const staticData: IDataObject = {};
		const body = topicRequest('denied');
		const first = await deliver(body, { staticData });
		expect(first.result.workflowData).toHaveLength(1);
		const copy = await deliver(body, { staticData });
		expect(copy.result).toEqual({ noWebhookResponse: true });
		expect(copy.reply.status).toBe(409);
		expect(copy.reply.body).toMatchObject({ kind: 'Error', metadata: body.metadata, error: { code: 409, status: 'conflict', message: expect.stringContaining('retry in') } });
		expect(Number(copy.reply.headers?.['Retry-After'])).toBeGreaterThan(0);
		// Once the first run has failed (its receipt filed), the next copy runs again.
		finishRun(first.result, staticData, false);
		expect((await deliver(body, { staticData })).result.workflowData).toHaveLength(1);
	});

	it("settles on n8n's answer: after a 2xx a copy is a duplicate even if another run overwrote the receipt; after a 500 it runs again", async () => {
		const staticData: IDataObject = {};
		const applied = topicRequest('denied');
		const first = await deliver(applied, { staticData });
		// n8n answers 204 once the run is done; no receipt reached static data (another run's save won).
		first.reply.n8nAnswers!(204);
		expect((await deliver(applied, { staticData })).result).toEqual({ noWebhookResponse: true });

		const failed = topicRequest('denied');
		const second = await deliver(failed, { staticData });
		second.reply.n8nAnswers!(500);
		expect((await deliver(failed, { staticData })).result.workflowData).toHaveLength(1);
	});

	it('keys retries on the kind too: another kind reusing a uid is a new request and runs', async () => {
		const staticData: IDataObject = {};
		const uid = nextUid();
		const first = await deliver(deleteRequest(uid), { staticData });
		expect(first.result.workflowData).toHaveLength(1);
		finishRun(first.result, staticData);
		const access = { ...deleteRequest(uid), kind: 'AccessRequest' };
		const other = await deliver(access, { staticData });
		expect(other.result.workflowData).toHaveLength(1);
		expect((other.reply.body as IDataObject).kind).toBe('AccessResponse');
		finishRun(other.result, staticData);
		// Each kind's own retry is still dropped.
		expect((await deliver(access, { staticData })).result.workflowData).toBeUndefined();
		expect((await deliver(deleteRequest(uid), { staticData })).result.workflowData).toBeUndefined();
	});

	it.each([
		['milliseconds', Date.now()],
		["the protocol's example (year 2361)", 12_345_984_398],
	])('a timestamp far ahead of the clock (%s) counts as now, is named, and never vetoes a later opt-out', async (_what, future) => {
		const staticData: IDataObject = {};
		const nowSeconds = Math.floor(Date.now() / 1000);
		const bogus = await deliver(topicRequest('granted', future), { staticData });
		const [[item]] = bogus.result.workflowData!;
		expect(item.json.brazeChanges).toHaveLength(1);
		expect(((item.json.ketch as IDataObject).warnings as string[])[0]).toMatch(
			new RegExp(`^request\\.submittedTimestamp ${future} is more than 1 hour ahead of n8n's clock`),
		);
		finishRun(bogus.result, staticData);
		// A real opt-out sent a minute later applies.
		const optOut = await deliver(topicRequest('denied', nowSeconds + 60), { staticData });
		expect(optOut.result.workflowData![0][0].json.brazeChanges).toEqual([
			expect.objectContaining({ type: 'subscription', groupId: 'group-newsletter', state: 'unsubscribed' }),
		]);
	});

	it('starts every delivery when dropping retries is off', async () => {
		const staticData: IDataObject = {};
		const body = topicRequest('granted');
		const first = await deliver(body, { staticData, parameters: { options: { dropRetries: false } } });
		finishRun(first.result, staticData);
		const again = await deliver(body, { staticData, parameters: { options: { dropRetries: false } } });
		expect(again.result.workflowData).toHaveLength(1);
	});

	it('keeps the newest applied setting: an older opt-in arriving after a newer opt-out changes nothing', async () => {
		const staticData: IDataObject = {};
		const optOut = await deliver(topicRequest('denied', 1_700_000_100), { staticData });
		finishRun(optOut.result, staticData);
		const late = await deliver(topicRequest('granted', 1_700_000_000), { staticData });
		const [[item]] = late.result.workflowData!;
		expect(item.json.brazeChanges).toEqual([]);
		expect((item.json.ketch as IDataObject).stale).toEqual([
			'newsletter/email (group group-newsletter): submitted at 1700000000, a setting from 1700000100 was already applied',
		]);
		const newer = await deliver(topicRequest('granted', 1_700_000_200), { staticData });
		expect(newer.result.workflowData![0][0].json.brazeChanges).toHaveLength(1);
	});

	it('a failed opt-out does not count as the newest setting', async () => {
		const staticData: IDataObject = {};
		const optOut = await deliver(topicRequest('denied', 1_700_000_100), { staticData });
		finishRun(optOut.result, staticData, false);
		const older = await deliver(topicRequest('granted', 1_700_000_000), { staticData });
		expect(older.result.workflowData![0][0].json.brazeChanges).toHaveLength(1);
	});

	it('stores no identifiers and stays bounded', async () => {
		const staticData: IDataObject = {};
		for (let i = 0; i < 1_020; i++) {
			const { result } = await deliver(topicRequest('granted', 1_700_000_000 + i), { staticData });
			finishRun(result, staticData);
		}
		const stored = staticData[RECEIPTS_KEY] as { deliveries: IDataObject; newest: IDataObject };
		expect(Object.keys(stored.deliveries)).toHaveLength(1_000);
		expect(JSON.stringify(staticData)).not.toContain('ann@example.com');
		expect(JSON.stringify(staticData)).not.toContain('newsletter');
	});

	it('forgets uids older than the configured window', async () => {
		const staticData: IDataObject = {};
		const body = deleteRequest();
		const first = await deliver(body, { staticData, parameters: { options: { rememberHours: 1 } } });
		finishRun(first.result, staticData);
		// Age the stored receipt past its hour.
		const stored = staticData[RECEIPTS_KEY] as { deliveries: Record<string, number[]> };
		for (const entry of Object.values(stored.deliveries)) entry[2] -= 2 * 3600;
		forgetLeases();
		const later = await deliver(body, { staticData });
		expect(later.result.workflowData).toHaveLength(1);
	});
});
