import type { IDataObject, IHookFunctions, IWebhookFunctions } from 'n8n-workflow';

import { GrowthLoopWebhookApi } from '../../credentials/GrowthLoopWebhookApi.credentials';
import { parseChange } from '../../nodes/shared/braze/changes';
import { GrowthLoopTrigger } from '../../nodes/GrowthLoopTrigger/GrowthLoopTrigger.node';

const trigger = new GrowthLoopTrigger();
const TOKEN = 'gl-secret-token';

interface Call {
	parameters?: IDataObject;
	/** Overrides of the growthLoopWebhookApi credential; null: no credential on the node. */
	credentials?: IDataObject | null;
	headers?: Record<string, string>;
	body?: unknown;
	rawBody?: string;
	action?: string;
}

/** Enough of a credential lookup: the growthLoopWebhookApi data, or n8n's error without one. */
function credentialsOf(credentials: IDataObject | null) {
	return async (type: string) => {
		if (type !== 'growthLoopWebhookApi') throw new Error(`unexpected credential type ${type}`);
		if (credentials === null) throw new Error('Node does not have any credentials set');
		return credentials;
	};
}

async function call({ parameters = {}, credentials = {}, headers, body, rawBody, action = 'add' }: Call) {
	const params: IDataObject = { routing: 'twoPaths', addPath: 'add', removePath: 'remove', ...parameters };
	const reply: { status?: number; body?: unknown } = {};
	const res = {
		status(code: number) {
			reply.status = code;
			return res;
		},
		json(value: unknown) {
			reply.body = value;
			return res;
		},
		end() {
			return res;
		},
	};
	const context = {
		getNode: () => ({ name: 'GrowthLoop Trigger' }),
		getNodeParameter: (name: string, fallback?: unknown) => (name in params ? params[name] : fallback),
		getCredentials: credentialsOf(credentials && { headerName: 'Authorization', token: TOKEN, ...credentials }),
		getHeaderData: () => ({ 'content-type': 'application/json', authorization: `Bearer ${TOKEN}`, ...headers }),
		getBodyData: () => body,
		getRequestObject: () => ({ rawBody: rawBody === undefined ? undefined : Buffer.from(rawBody) }),
		getResponseObject: () => res,
		getParamsData: () => ({ action }),
	} as unknown as IWebhookFunctions;
	const result = await trigger.webhook.call(context);
	const items = result.workflowData?.[0] ?? [];
	return {
		reply,
		result,
		items,
		summary: items[items.length - 1]?.json.summary as IDataObject | undefined,
		changes: items.slice(0, -1).flatMap((item) => item.json.brazeChanges as IDataObject[]),
	};
}

const audience = { id: 'aud-7', name: 'Churn Risk' };

describe('GrowthLoop Trigger', () => {
	it('is a webhook trigger on one dynamic path for add and remove', () => {
		const { description } = trigger;
		expect(description.name).toBe('growthLoopTrigger');
		expect(description.inputs).toEqual([]);
		expect(description.webhooks).toEqual([expect.objectContaining({ name: 'default', httpMethod: 'POST', isFullPath: true, responseMode: expect.stringContaining('lastNode'), responseData: 'noData' })]);
		expect(description.webhooks![0].path).toContain('":action"');
		// The token is a credential, which n8n encrypts and keeps out of executions.
		expect(description.credentials).toEqual([
			{ name: 'growthLoopWebhookApi', required: true, testedBy: 'growthLoopWebhookApiTest', displayOptions: { show: { authentication: ['headerToken'] } } },
		]);
		const names = description.properties.map((property) => property.name);
		expect(names).not.toContain('token');
		expect(names).not.toContain('headerName');
	});

	it('turns an add call into array attribute changes and a summary', async () => {
		const { changes, summary, items } = await call({
			body: { audience, members: [{ external_id: 'u1' }, { external_id: 'u2' }, { external_id: 'u1' }, { email: 'x@example.com' }] },
		});
		expect(changes).toEqual([
			{ type: 'attributes', user: { external_id: 'u1' }, attributes: { growthloop_audiences: { add: ['Churn Risk'] } }, updateExistingOnly: true },
			{ type: 'attributes', user: { external_id: 'u2' }, attributes: { growthloop_audiences: { add: ['Churn Risk'] } }, updateExistingOnly: true },
		]);
		expect(items[0].json).toMatchObject({ action: 'add', audienceId: 'aud-7', audienceName: 'Churn Risk', batch: 1 });
		expect(summary).toMatchObject({
			partner: 'growthloop',
			action: 'add',
			received: 4,
			members: 2,
			entered: 2,
			skipped: { total: 2, reasons: { duplicate: 1, missing_identifier: 1 } },
		});
		for (const change of changes) expect(parseChange(change)).toMatchObject({ ok: true });
	});

	it('removes on the remove path, with boolean flags and aliases', async () => {
		const { changes } = await call({
			action: 'remove',
			parameters: { writeMode: 'booleanAttribute', matchBy: 'userAlias', aliasNameField: 'email', aliasLabel: 'email' },
			body: { audience, members: ['ann@example.com'] },
		});
		expect(changes).toEqual([
			{
				type: 'attributes',
				user: { user_alias: { alias_name: 'ann@example.com', alias_label: 'email' } },
				attributes: { growthloop_churn_risk: false },
				updateExistingOnly: true,
			},
		]);
	});

	it('reads the action from the body with one URL', async () => {
		const parameters = { routing: 'actionField', actionField: 'op' };
		const { changes } = await call({ parameters, body: { op: 'Remove', audience, members: ['u1'] } });
		expect(changes[0]).toMatchObject({ attributes: { growthloop_audiences: { remove: ['Churn Risk'] } } });
		const bad = await call({ parameters, body: { op: 'delete', audience, members: ['u1'] } });
		expect(bad.reply).toEqual({ status: 400, body: expect.objectContaining({ field: 'op', message: expect.stringMatching(/Field "op" must be "add" or "remove", got "delete"/) }) });
		expect(bad.result.workflowData).toBeUndefined();
	});

	it('has a GrowthLoop Webhook API credential with the header name and the token, the token as a password, tested locally', async () => {
		const credential = new GrowthLoopWebhookApi();
		expect(credential).toMatchObject({ name: 'growthLoopWebhookApi', displayName: 'GrowthLoop Webhook API' });
		expect(credential.properties).toEqual([
			expect.objectContaining({ name: 'headerName', type: 'string', default: 'Authorization', placeholder: 'e.g. Authorization' }),
			expect.objectContaining({ name: 'token', type: 'string', typeOptions: { password: true }, default: '', required: true }),
		]);
		const test = async (data: Record<string, string>) =>
			await trigger.methods.credentialTest.growthLoopWebhookApiTest.call({} as never, { id: '1', name: 'g', type: 'growthLoopWebhookApi', data });
		const long = `${TOKEN}-0123456789`;
		expect(await test({ headerName: 'Authorization', token: long })).toMatchObject({ status: 'OK' });
		expect(await test({ headerName: 'Authorization', token: TOKEN })).toMatchObject({ status: 'Error', message: expect.stringMatching(/at least 16/) });
		expect(await test({ headerName: 'Authorization', token: `Bearer ${long}` })).toMatchObject({ status: 'Error', message: expect.stringMatching(/without the "Bearer " prefix/) });
		expect(await test({ headerName: 'Authorization', token: '' })).toMatchObject({ status: 'Error', message: expect.stringMatching(/Enter the token/) });
	});

	it('refuses an audience name over 255 characters in GrowthLoop words, naming the field', async () => {
		const name = 'A'.repeat(256);
		const fromBody = await call({ body: { audience: { id: 'aud-7', name }, members: ['u1'] } });
		expect(fromBody.reply).toEqual({
			status: 400,
			body: { error: 'bad_request', field: 'audience.name', message: 'Field "audience.name" holds an audience name of 256 characters: Braze stores at most 255' },
		});
		const fixed = await call({ parameters: { audienceName: name }, body: { members: ['u1'] } });
		expect(fixed.reply.body).toMatchObject({ field: 'audienceName', message: expect.stringMatching(/^Audience Name on the trigger holds an audience name of 256/) });
		expect(JSON.stringify(fixed.reply.body)).not.toMatch(/Cohort/);
		expect((await call({ body: { audience: { name: 'A'.repeat(255) }, members: ['u1'] } })).changes).toHaveLength(1);
	});

	it('refuses a missing or wrong token with 401, in either header form', async () => {
		const body = { audience, members: ['u1'] };
		expect((await call({ headers: { authorization: 'Bearer nope' }, body })).reply.status).toBe(401);
		expect((await call({ headers: { authorization: '' }, body })).reply.status).toBe(401);
		expect((await call({ headers: { authorization: TOKEN }, body })).reply.status).toBeUndefined();
		const custom = { headerName: 'X-GrowthLoop-Token' };
		expect((await call({ credentials: custom, body })).reply.status).toBe(401);
		const ok = await call({ credentials: custom, headers: { 'x-growthloop-token': TOKEN }, body });
		expect(ok.changes).toHaveLength(1);
		// An empty token in the credential refuses everything, even an empty header.
		expect((await call({ credentials: { token: '' }, body })).reply.status).toBe(401);
		expect((await call({ credentials: { token: '' }, headers: { authorization: '' }, body })).reply.status).toBe(401);
		expect((await call({ credentials: { token: '' }, headers: { authorization: 'Bearer ' }, body })).reply.status).toBe(401);
		// Node parameters left over from before the credential are ignored.
		expect((await call({ parameters: { token: 'old-parameter' }, headers: { authorization: 'Bearer old-parameter' }, body })).reply.status).toBe(401);
		// Authentication None needs no credential.
		expect((await call({ parameters: { authentication: 'none' }, credentials: null, headers: { authorization: '' }, body })).changes).toHaveLength(1);
		const denied = await call({ headers: { authorization: 'Bearer nope' }, body: 'not json' });
		expect(denied.reply).toEqual({ status: 401, body: { error: 'unauthorized', message: 'Missing or wrong token' } });
		expect(JSON.stringify(denied.reply)).not.toContain(TOKEN);
	});

	it('answers 400 naming the field for malformed bodies', async () => {
		const cases: Array<[Call, RegExp]> = [
			[{ headers: { 'content-type': 'text/plain' }, body: 'x' }, /Content-Type must be application\/json/],
			[{ body: {}, rawBody: '{"members": [' }, /not valid JSON/],
			[{ body: { audience } }, /Field "members" must be an array of members/],
			[{ body: { audience, members: { u1: true } } }, /Field "members" must be an array.*got object/],
			[{ body: { members: ['u1'] } }, /Field "audience.name" must hold the audience name/],
		];
		for (const [input, message] of cases) {
			const { reply, result } = await call(input);
			expect(reply).toEqual({ status: 400, body: expect.objectContaining({ error: 'bad_request', message: expect.stringMatching(message) }) });
			expect(result.workflowData).toBeUndefined();
		}
	});

	it('answers unknown path segments with 404 and empty member lists without a run', async () => {
		expect((await call({ action: 'upsert', body: { audience, members: ['u1'] } })).reply.status).toBe(404);
		const empty = await call({ body: { audience, members: [] } });
		expect(empty.reply.status).toBe(200);
		expect(empty.result.workflowData).toBeUndefined();
	});

	it('takes a fixed audience name and batches large calls', async () => {
		const members = Array.from({ length: 2500 }, (_, i) => ({ external_id: `u${i}` }));
		const { items, summary } = await call({ parameters: { audienceName: 'VIP' }, body: { members } });
		expect(items).toHaveLength(4);
		expect((items[2].json.brazeChanges as unknown[]).length).toBe(500);
		expect(items[0].json).toMatchObject({ audienceName: 'VIP' });
		expect(summary).toMatchObject({ members: 2500, changeItems: 3 });
	});

	it('refuses to go live with settings that would fail every call', async () => {
		const hook = (parameters: IDataObject, credentials: IDataObject | null = { headerName: 'Authorization', token: 't' }) =>
			({
				getNode: () => ({ name: 'GrowthLoop Trigger' }),
				getNodeParameter: (name: string, fallback?: unknown) => (name in parameters ? parameters[name] : fallback),
				getCredentials: credentialsOf(credentials),
			}) as unknown as IHookFunctions;
		const create = trigger.webhookMethods.default.create;
		await expect(create.call(hook({}, { headerName: 'Authorization', token: '' }))).rejects.toThrow(/Token in the GrowthLoop Webhook API credential is empty/);
		await expect(create.call(hook({}, { headerName: ' ', token: 't' }))).rejects.toThrow(/Header Name in the GrowthLoop Webhook API credential is empty/);
		await expect(create.call(hook({}, null))).rejects.toThrow(/credentials/);
		await expect(create.call(hook({ addPath: 'same', removePath: 'same' }))).rejects.toThrow(/must differ/);
		await expect(create.call(hook({ addPath: 'a/b' }))).rejects.toThrow(/one URL segment/);
		await expect(create.call(hook({ attributeName: '_x' }))).rejects.toThrow(/starts with "_"/);
		await expect(create.call(hook({}))).resolves.toBe(true);
		await expect(create.call(hook({ authentication: 'none' }, null))).resolves.toBe(true);
	});
});
