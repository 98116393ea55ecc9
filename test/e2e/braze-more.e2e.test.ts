/**
 * Issue 14's Braze node operations inside real n8n (one shared n8n start), against a local sandbox:
 * the catalog-sync template run as shipped (only its credential swapped), and one workflow that
 * runs Campaign > Get Many, Canvas > Get Many, Email > Remove Hard Bounce, SMS > Get Invalid Phone
 * Numbers, User > Export Segment and Message > Send Now (a confirmed broadcast, and an unconfirmed
 * one that must land on the error output), each checked in its node output and the sandbox's log.
 */
import { randomUUID } from 'node:crypto';

import { FIXTURE_IDS, type Sandbox, startSandbox } from '../../sandbox/server';
import { loadTemplate, nodeOutput, sharedN8n, type Template, workflowNode, withCredentials } from '../../harness';

const n8n = sharedN8n();
const built = n8n.state.package !== undefined;
/** The sandbox's REST key, fresh per run (a test value, not a secret). */
const SANDBOX_KEY = `sandbox-${randomUUID()}`;
const BRAZE = 'n8n-nodes-braze.braze';
const byId = (value: string) => ({ __rl: true, mode: 'id', value });
const { vip } = FIXTURE_IDS.segments;
const EMAIL = { email: { app_id: 'app-1', subject: 'Spring', body: '<p>Spring is here</p>' } };
const BOUNCED = 'bounced-e2e@example.com';
const INVALID_PHONE = '+14155550199';

(built ? describe : describe.skip)('Braze node, issue 14 operations in real n8n', () => {
	let sandbox: Sandbox;
	let credential: { id: string; name: string };

	beforeAll(async () => {
		sandbox = await startSandbox({ apiKey: SANDBOX_KEY });
		const name = 'Braze more e2e';
		credential = {
			id: await n8n.importCredential({ name, type: 'brazeApi', data: { apiKey: SANDBOX_KEY, instance: 'custom', customUrl: sandbox.url, trackBatchLimit: 'combined50' } }),
			name,
		};
	}, 120_000);

	afterAll(async () => {
		await sandbox?.close();
	});

	it('catalog-sync.json as shipped writes its sample table to the catalog and sends the refused row to the error output', async () => {
		sandbox.reset();
		sandbox.state.catalogs.create(
			'restaurants',
			[
				{ name: 'Name', type: 'string' },
				{ name: 'City', type: 'string' },
				{ name: 'Rating', type: 'number' },
			],
			'Restaurants (e2e)',
		);
		const id = await n8n.importWorkflow(withCredentials(loadTemplate('catalog-sync.json'), { brazeApi: credential }));
		const { run } = await n8n.executeWorkflow(id);
		expect(run.data.resultData.error).toBeUndefined();

		const synced = nodeOutput(run, 'Synced').map((item) => item.json);
		const refused = nodeOutput(run, 'Refused Rows').map((item) => item.json);
		expect(synced).toEqual([
			{ success: true, catalog_name: 'restaurants', id: 'restaurant-1' },
			{ success: true, catalog_name: 'restaurants', id: 'restaurant-2' },
		]);
		expect(refused).toHaveLength(1);
		expect(JSON.stringify(refused[0])).toMatch(/\[item 2\].*may hold only letters, digits, - and _/);

		// What Braze (the sandbox) now holds: the two good rows, field for field, from one PUT.
		const items = sandbox.state.catalogs.get('restaurants')!.items;
		expect([...items.keys()].sort()).toEqual(['restaurant-1', 'restaurant-2']);
		expect(items.get('restaurant-1')).toEqual({ id: 'restaurant-1', Name: 'Le Bouchon', City: 'Lyon', Rating: 5 });
		expect(items.get('restaurant-2')).toEqual({ id: 'restaurant-2', Name: 'Chez Ann', City: 'Paris', Rating: 4 });
		const writes = sandbox.state.requests.list({ path: '/catalogs/restaurants/items' });
		expect(writes.map((r) => r.method)).toEqual(['PUT']);
		expect((writes[0].body as { items: Array<{ id: string }> }).items.map((item) => item.id)).toEqual(['restaurant-1', 'restaurant-2']);
	});

	it('runs Campaign and Canvas > Get Many, Remove Hard Bounce, Get Invalid Phone Numbers, Export Segment and Send Now', async () => {
		sandbox.reset();
		sandbox.state.emails.blocklist(BOUNCED, new Date().toISOString());
		sandbox.state.invalidPhones.set(INVALID_PHONE, new Date().toISOString());
		const credentials = { brazeApi: credential };
		const step = (name: string, x: number, parameters: Record<string, unknown>, extra = {}) => workflowNode(name, BRAZE, 1, x, parameters, { credentials, ...extra });
		const steps = [
			step('Campaigns', 200, { resource: 'campaign', operation: 'getMany', returnAll: true }),
			step('Canvases', 200, { resource: 'canvas', operation: 'getMany', returnAll: false, limit: 1, canvasListOptions: { sortDirection: 'desc' } }),
			step('Remove Hard Bounce', 200, { resource: 'email', operation: 'removeHardBounce', emailAddress: BOUNCED }),
			step('Invalid Numbers', 200, { resource: 'sms', operation: 'getInvalidPhoneNumbers', smsFilterBy: 'phoneNumbers', phoneNumbers: INVALID_PHONE, returnAll: true }),
			step('Export Segment', 200, { resource: 'user', operation: 'exportSegment', segmentId: byId(vip), fieldsToExport: 'external_id, email' }),
			step('Broadcast', 200, { resource: 'message', operation: 'sendNow', sendTo: 'segment', segmentId: byId(vip), confirmBroadcast: true, messages: JSON.stringify(EMAIL), sendNowOptions: { sendId: 'spring-e2e' } }),
			step('Unconfirmed Broadcast', 200, { resource: 'message', operation: 'sendNow', sendTo: 'segment', segmentId: byId(vip), messages: JSON.stringify(EMAIL) }, { onError: 'continueErrorOutput' }),
		];
		const workflow: Template = {
			name: `Braze issue 14 operations (e2e ${randomUUID().slice(0, 8)})`,
			nodes: [workflowNode('Start', 'n8n-nodes-base.manualTrigger', 1, 0, {}), ...steps],
			// Every step from the trigger's one item, so each runs exactly once.
			connections: { Start: { main: [steps.map((node) => ({ node: node.name, type: 'main', index: 0 }))] } },
			settings: { executionOrder: 'v1' },
		};
		const { run } = await n8n.executeWorkflow(await n8n.importWorkflow(workflow));
		expect(run.data.resultData.error).toBeUndefined();
		const out = (name: string, output = 0) => nodeOutput(run, name, output).map((item) => item.json);
		const requests = (path: string) => sandbox.state.requests.list({ path });

		// Campaign > Get Many: every fixture campaign, from one page of /campaigns/list.
		expect(out('Campaigns').map((c) => c.name).sort()).toEqual(sandbox.state.catalog.campaigns.filter((c) => !c.archived).map((c) => c.name).sort());
		expect(requests('/campaigns/list').map((r) => r.query)).toEqual([{ page: '0' }]);

		// Canvas > Get Many, newest first, limited to one.
		expect(out('Canvases')).toEqual([{ id: FIXTURE_IDS.canvases.onboarding, last_edited: '2024-01-15T10:00:00+00:00', name: 'Onboarding journey', tags: ['onboarding'] }]);
		expect(requests('/canvas/list').map((r) => r.query)).toEqual([{ sort_direction: 'desc', page: '0' }]);

		// Email > Remove Hard Bounce: the address is off the list in the sandbox.
		expect(out('Remove Hard Bounce')).toEqual([expect.objectContaining({ success: true, email: BOUNCED, removed: true })]);
		expect(requests('/email/bounce/remove').map((r) => r.body)).toEqual([{ email: [BOUNCED] }]);
		expect(sandbox.state.emails.all().filter((r) => r.hard_bounced_at)).toEqual([]);

		// SMS > Get Invalid Phone Numbers: the seeded number, looked up by number.
		expect(out('Invalid Numbers')).toEqual([{ phone: INVALID_PHONE, invalid_detected_at: expect.any(String) }]);
		expect(requests('/sms/invalid_phone_numbers').map((r) => r.query)).toEqual([{ 'phone_numbers[]': INVALID_PHONE, limit: '500', offset: '0' }]);

		// User > Export Segment: where the export lands.
		const exported = out('Export Segment');
		expect(exported).toEqual([{ segment_id: vip, object_prefix: expect.any(String), url: expect.stringContaining(`segment-export/${vip}/`) }]);
		expect(requests('/users/export/segment').map((r) => r.body)).toEqual([{ segment_id: vip, fields_to_export: ['external_id', 'email'] }]);
		expect(sandbox.state.messaging.exports.map((e) => e.object_prefix)).toEqual([exported[0].object_prefix]);

		// Message > Send Now: the confirmed broadcast went once; the unconfirmed one is on the error output, nothing sent.
		expect(out('Broadcast')).toEqual([{ success: true, broadcast: true, segment_id: vip, dispatch_id: sandbox.state.messaging.sent[0].dispatch_id }]);
		expect(requests('/messages/send').map((r) => r.body)).toEqual([{ segment_id: vip, broadcast: true, send_id: 'spring-e2e', messages: EMAIL }]);
		expect(sandbox.state.messaging.sent).toHaveLength(1);
		expect(out('Unconfirmed Broadcast', 0)).toEqual([]);
		expect(out('Unconfirmed Broadcast', 1)).toEqual([expect.objectContaining({ error: 'Broadcast not confirmed: nothing was sent' })]);
	});
});
