/* eslint-disable @n8n/community-nodes/no-restricted-imports */
// Test code: it runs in jest, not inside n8n.
/**
 * The Braze node inside real n8n, as users install it: the credential test against the sandbox,
 * and the "rows in, Braze profiles out" template run with `n8n execute`, checked on the sandbox.
 */
import { createServer } from 'node:http';

import { type Sandbox, startSandbox } from '../../sandbox/server';
import { loadTemplate, nodeOutput, sharedN8n, withCredentials } from '../../harness';

const n8n = sharedN8n();
/** The sandbox's REST key for this file (a test value, not a secret). */
const SANDBOX_KEY = ['braze', 'e2e', 'key'].join('-');

interface SandboxUser {
	email?: string;
	custom_attributes: Record<string, unknown>;
	custom_events: Array<{ name: string }>;
}

async function sandboxUser(sandbox: Sandbox, externalId: string) {
	const response = await fetch(`${sandbox.url}/_sandbox/users/${encodeURIComponent(externalId)}`);
	return response.status === 200 ? ((await response.json()) as SandboxUser) : undefined;
}

async function trackRequests(sandbox: Sandbox): Promise<Array<{ body?: Record<string, unknown[]> }>> {
	const response = await fetch(`${sandbox.url}/_sandbox/requests?path=/users/track`);
	return ((await response.json()) as { requests: Array<{ body?: Record<string, unknown[]> }> }).requests;
}

describe('Braze node in n8n', () => {
	let sandbox: Sandbox;
	let credentialId: string;

	beforeAll(async () => {
		sandbox = await startSandbox({ apiKey: SANDBOX_KEY });
		credentialId = await n8n.importCredential({
			name: 'Braze e2e',
			type: 'brazeApi',
			data: { apiKey: SANDBOX_KEY, instance: 'custom', customUrl: sandbox.url, trackBatchLimit: 'combined50' },
		});
	});

	afterAll(async () => {
		await sandbox.close();
	});

	it('passes the credential test with the right key and explains a wrong one', async () => {
		expect(await n8n.testCredential(credentialId)).toMatchObject({ status: 'OK' });
		const wrong = await n8n.testCredential(credentialId, { apiKey: 'not-the-key' });
		expect(wrong.status).toBe('Error');
		expect(wrong.message).toMatch(/key is wrong, or it belongs to another instance/);
	});

	it('never sends the key to a Custom URL the nodes refuse (plain http:// to a non-local address)', async () => {
		// 127.0.0.2 is on this machine but is not "localhost or 127.0.0.1": the rule refuses it.
		const received: string[] = [];
		const listener = createServer((request, response) => {
			received.push(String(request.headers.authorization ?? '(no Authorization)'));
			response.writeHead(201, { 'content-type': 'application/json' }).end('{"message":"success"}');
		});
		await new Promise<void>((resolve) => listener.listen(0, '127.0.0.2', resolve));
		const port = (listener.address() as { port: number }).port;
		try {
			const id = await n8n.importCredential({
				name: 'Braze over plain http',
				type: 'brazeApi',
				data: { apiKey: SANDBOX_KEY, instance: 'custom', customUrl: `http://127.0.0.2:${port}`, trackBatchLimit: 'combined50' },
			});
			const result = await n8n.testCredential(id);
			expect(result.status).toBe('Error');
			// n8n's credential test reports only the error's code here; the Custom URL field explains the rule.
			expect(result.message).toBe('ERR_INVALID_URL');
			expect(received).toEqual([]);
		} finally {
			await new Promise((resolve) => listener.close(resolve));
		}
	});

	it('syncs rows to profiles with one request, and sends the refused row to the error output', async () => {
		sandbox.reset();
		const id = await n8n.importWorkflow(withCredentials(loadTemplate('braze-sync-users.json'), { brazeApi: { id: credentialId, name: 'Braze e2e' } }));
		const { run } = await n8n.executeWorkflow(id);
		expect(run.data.resultData.error).toBeUndefined();

		const synced = nodeOutput(run, 'Braze: Track Users', 0).map((item) => item.json);
		const refused = nodeOutput(run, 'Braze: Track Users', 1).map((item) => item.json);
		expect(synced).toHaveLength(2);
		expect(synced[0]).toMatchObject({ success: true, results: [{ type: 'attributes', endpoint: '/users/track' }, { type: 'event' }] });
		expect(refused).toHaveLength(1);
		expect(JSON.stringify(refused[0])).toMatch(/\[item 2\].*attributes\.email must be an email address/);

		const ann = await sandboxUser(sandbox, 'sync-u1');
		expect(ann).toMatchObject({ email: 'ann@example.com', custom_attributes: { plan: 'pro', lifetime_logins: 3 } });
		expect(ann!.custom_events.map((e) => e.name)).toEqual(['warehouse_sync']);
		expect(await sandboxUser(sandbox, 'sync-u2')).toMatchObject({ custom_attributes: { plan: 'free', lifetime_logins: 1 } });
		expect(await sandboxUser(sandbox, 'sync-u3')).toBeUndefined();

		// 2 users × (attributes + event) = 4 objects: one request under the 50-object limit.
		const requests = await trackRequests(sandbox);
		expect(requests).toHaveLength(1);
		expect(requests[0].body?.attributes).toHaveLength(2);
		expect(requests[0].body?.events).toHaveLength(2);

		// A second run increments and records a second event: inc is applied by Braze, not replaced.
		await n8n.executeWorkflow(id);
		const again = await sandboxUser(sandbox, 'sync-u1');
		expect(again).toMatchObject({ custom_attributes: { lifetime_logins: 6 } });
		expect(again!.custom_events).toHaveLength(2);
	});
});
