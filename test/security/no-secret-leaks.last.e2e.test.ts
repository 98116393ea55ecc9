/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-hardcoded-secrets, no-console */
/**
 * No secret leaks, after the whole e2e suite: runs last (test/security/last-sequencer.js) on the
 * shared n8n every e2e file used. It reads back every secret the suite stored (each credential's
 * secret fields, decrypted by n8n's own export; webhook tokens kept as node parameters) and
 * searches every execution's run data (node outputs, error messages), n8n's log, and the answers
 * of n8n's credential tests, in plain, base64, URL-encoded and JSON-escaped form: zero hits.
 *
 * The stored copy of the workflow each execution keeps is searched separately: see the finding.
 */
import { sharedN8n } from '../e2e/harness';
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
		// The e2e files store at least one Braze API key; an empty list would make the scan vacuous.
		expect(secrets.some((s) => /credential brazeApi/.test(s.origin))).toBe(true);
	});

	it('no secret in any execution run data (node outputs, error messages) or in the log', () => {
		const leaks = findLeaks(secrets, [...places.runData, places.log]);
		if (leaks.length) throw new Error(`${leaks.length} leak(s):\n${describeLeaks(leaks.slice(0, 40))}`);
	});

	it('no credential secret in clear anywhere in the database (n8n stores credentials encrypted)', () => {
		const leaks = findLeaks(secrets.filter((s) => s.origin.startsWith('credential')), [places.database]);
		if (leaks.length) throw new Error(`${leaks.length} leak(s):\n${describeLeaks(leaks.slice(0, 40))}`);
	});

	it('executions n8n cannot read back over REST are still searched, in the database files', () => {
		// (webhooks.e2e.test.ts leaves one: the Komo deep-nesting finding.)
		if (places.unreadable.length) console.log(`[leaks] unreadable over REST, searched in the database files:\n${places.unreadable.join('\n')}`);
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

	// FINDING (reported): the Komo Trigger's secret and the GrowthLoop Trigger's token are node
	// parameters (type password), not credentials. n8n stores node parameters in clear: in the
	// workflow, in every export, and in the copy of the workflow each execution keeps (GET
	// /rest/executions/:id -> workflowData), so anyone who can read executions reads the token.
	// Fix: move them into credential types (as the Ketch Trigger does with ketchApi), which n8n
	// encrypts and never copies into executions. Turn into `it` once fixed.
	it.failing('no webhook token in the workflow copies executions keep', () => {
		const leaks = findLeaks(secrets.filter((s) => s.origin.startsWith('node parameter')), places.workflowCopies);
		if (leaks.length) console.log(`[leaks] webhook tokens in stored workflow copies: ${leaks.length}\n${describeLeaks(leaks.slice(0, 5))}`);
		if (leaks.length) throw new Error(`${leaks.length} leak(s):\n${describeLeaks(leaks.slice(0, 10))}`);
	});
});
