/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-hardcoded-secrets, no-console */
/**
 * No secret leaks, after the whole e2e suite: runs last (test/security/last-sequencer.js) on the
 * shared n8n every e2e file used. It reads back every secret the suite stored (each credential's
 * secret fields, decrypted by n8n's own export, the Komo and GrowthLoop webhook secrets included;
 * any secret-named node parameter) and searches every execution's run data (node outputs, error
 * messages), the copy of the workflow each execution keeps, n8n's log, and the answers of n8n's
 * credential tests, in plain, base64, URL-encoded and JSON-escaped form: zero hits.
 */
import { sharedN8n } from '../../harness';
import { type Secret, allExecutions, describeLeaks, findLeaks, placesOf, secretsOf } from './leak-scan';

jest.setTimeout(600_000);

const n8n = sharedN8n();

describe('no secret leaks after the e2e suite', () => {
	let secrets: Secret[];
	let places: Awaited<ReturnType<typeof placesOf>>;

	beforeAll(async () => {
		// Let executions still running (a webhook answered before its run ended) finish first.
		const deadline = Date.now() + 120_000;
		for (;;) {
			const running = (await allExecutions(n8n)).filter((e) => ['new', 'running', 'waiting'].includes(e.status));
			if (!running.length || Date.now() > deadline) break;
			await new Promise((resolve) => setTimeout(resolve, 500));
		}
		secrets = await secretsOf(n8n.userFolder);
		places = await placesOf(n8n);
		console.log(`[leaks] ${secrets.length} secrets (${[...new Set(secrets.map((s) => s.origin.split(' ').slice(0, 2).join(' ')))].join(', ')}), ${places.executions} executions, log ${places.log.text.length} chars`);
	});

	it('found the secrets the suite stored', () => {
		// The e2e files store at least one Braze API key and the webhook secrets of the Ketch, Komo
		// and GrowthLoop triggers, all as credentials; an empty list would make the scan vacuous.
		for (const type of ['brazeApi', 'ketchApi', 'komoWebhookApi', 'growthLoopWebhookApi']) {
			expect(secrets.map((s) => s.origin)).toContainEqual(expect.stringMatching(new RegExp(`^credential ${type} `)));
		}
	});

	it('no secret in any execution run data (node outputs, error messages) or in the log', () => {
		const leaks = findLeaks(secrets, [...places.runData, places.log]);
		if (leaks.length) throw new Error(`${leaks.length} leak(s):\n${describeLeaks(leaks.slice(0, 40))}`);
	});

	it('no credential secret in clear anywhere in the database (n8n stores credentials encrypted)', () => {
		const leaks = findLeaks(secrets.filter((s) => s.origin.startsWith('credential')), [places.database]);
		if (leaks.length) throw new Error(`${leaks.length} leak(s):\n${describeLeaks(leaks.slice(0, 40))}`);
	});

	it('every execution the suite left can be read back over REST (and the database files were searched too)', () => {
		// A run n8n cannot read back ("corrupted execution data") hides its data from this scan's REST
		// leg; a body nested 100,000 levels deep once made one (finding F8, now refused with 400).
		expect(places.unreadable).toEqual([]);
		expect(places.database.text.length).toBeGreaterThan(0);
	});

	it("no secret in the answers of n8n's credential tests, right or wrong key", async () => {
		const credentials = await n8n.rest<Array<{ id: string; type: string }>>('GET', '/rest/credentials');
		const answers: string[] = [];
		for (const credential of credentials.filter((c) => ['brazeApi', 'brazeCohortApi', 'ketchApi'].includes(c.type))) {
			answers.push(JSON.stringify(await n8n.testCredential(credential.id).catch((e: Error) => e.message)));
			const wrong = credential.type === 'ketchApi' ? { token: 'wrong-token-value-1234' } : { apiKey: 'wrong-key-value-1234' };
			answers.push(JSON.stringify(await n8n.testCredential(credential.id, wrong).catch((e: Error) => e.message)));
		}
		const leaks = findLeaks(secrets, answers.map((text, i) => ({ name: `credential test answer ${i}`, text })));
		if (leaks.length) throw new Error(describeLeaks(leaks));
	});

	// The Komo secret and the GrowthLoop token were node parameters, which n8n keeps in clear in
	// the copy of the workflow each execution stores (GET /rest/executions/:id -> workflowData).
	// They are credentials now (komoWebhookApi, growthLoopWebhookApi), which a copy only references
	// by id and name: no secret of any origin may appear in a copy.
	it('no secret in the workflow copies executions keep', () => {
		expect(places.workflowCopies.length).toBeGreaterThan(0);
		const leaks = findLeaks(secrets, places.workflowCopies);
		if (leaks.length) throw new Error(`${leaks.length} leak(s):\n${describeLeaks(leaks.slice(0, 10))}`);
	});
});
