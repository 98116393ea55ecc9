/* eslint-disable @typescript-eslint/no-explicit-any */
// A broadcast that sent nothing fails where n8n users look: with Continue On Fail (or the error output)
// it is one error item paired with every input item, never the input flowing on as success. Send Now
// and the trigger operations share that rule and the Confirm Broadcast fields; the schedule picker of
// a campaign lists only API-triggered campaigns, as Braze's schedule endpoints take no others.
import type { INodeProperties, INodeTypeDescription } from 'n8n-workflow';

import { Braze } from '../../nodes/Braze/Braze.node';
import { FIXTURE_IDS, type Sandbox, startSandbox } from '../../sandbox/server';
import { FAST, contextFor, received, run, runFailing } from './braze.harness';

const byId = (value: string) => ({ __rl: true, mode: 'id', value });
const { vip } = FIXTURE_IDS.segments;
const EMAIL = { email: { app_id: 'app-1', subject: 'Hi', body: '<p>Hi</p>' } };
const description = new Braze().description as INodeTypeDescription;
const twoItems = [{ json: { id: 1 } }, { json: { id: 2 } }];
const sendNow = (extra: Record<string, unknown>) => ({ resource: 'message', operation: 'sendNow', sendTo: 'segment', messages: JSON.stringify(EMAIL), ...FAST, ...extra });

describe('Message > Send Now broadcast: failures are error items', () => {
	let sb: Sandbox;
	beforeAll(async () => {
		sb = await startSandbox();
	});
	afterAll(async () => await sb.close());
	beforeEach(() => sb.reset());

	it('an unconfirmed broadcast is one error item under Continue On Fail, paired with every item, and sends nothing', async () => {
		const { output } = await run(sb, { continueOnFail: true, items: twoItems, parameters: sendNow({ segmentId: byId(vip) }) });
		expect(output).toHaveLength(1);
		// n8n routes an item whose json is only `error` to the error output (and adds the input fields).
		expect(output[0].error).toBeUndefined();
		expect(output[0].json).toEqual({ error: 'Broadcast not confirmed: nothing was sent' });
		expect(output[0].pairedItem).toEqual([{ item: 0 }, { item: 1 }]);
		expect(sb.state.requests.list({ path: '/messages/send' })).toEqual([]);
	});

	it('without Continue On Fail the same broadcast stops the node', async () => {
		const error = await runFailing(sb, { items: twoItems, parameters: sendNow({ segmentId: byId(vip) }) });
		expect(error.message).toBe('Broadcast not confirmed: nothing was sent');
		expect(error.description).toMatch(/Turn on Confirm Broadcast/);
		expect(sb.state.requests.list({ path: '/messages/send' })).toEqual([]);
	});

	it('an empty segment and a segment Braze refuses are error items too; a confirmed one is sent once', async () => {
		const empty = await run(sb, { continueOnFail: true, items: twoItems, parameters: sendNow({ confirmBroadcast: true, segmentId: byId('') }) });
		expect(empty.output.map((o) => o.json)).toEqual([{ error: 'Segment is empty: pick one from the list or give its ID' }]);
		expect(sb.state.requests.list({ path: '/messages/send' })).toEqual([]);

		const unknown = await run(sb, { continueOnFail: true, items: twoItems, parameters: sendNow({ confirmBroadcast: true, segmentId: byId('no-such-segment') }) });
		expect(unknown.output).toHaveLength(1);
		expect(unknown.output[0].json.error).toMatch(/^\/messages\/send: .*Invalid Segment ID/);
		expect(unknown.output[0].pairedItem).toEqual([{ item: 0 }, { item: 1 }]);
		expect(sb.state.messaging.sent).toEqual([]);

		const sent = await run(sb, { continueOnFail: true, items: twoItems, parameters: sendNow({ confirmBroadcast: true, segmentId: byId(vip) }) });
		expect(sent.output).toHaveLength(1);
		expect(sent.output[0].json.error).toBeUndefined();
		expect(sent.output[0].json).toMatchObject({ success: true, broadcast: true, segment_id: vip, dispatch_id: sb.state.messaging.sent[0].dispatch_id });
		expect(received(sb, '/messages/send').filter((b) => b.segment_id === vip)).toEqual([{ segment_id: vip, broadcast: true, messages: EMAIL }]);
	});
});

describe('Broadcast fields and pickers, defined once', () => {
	const shownFor = (operation: string) => (p: INodeProperties) => p.displayOptions?.show?.operation?.includes(operation);

	it('Send Now, Trigger Campaign, Trigger Canvas and the schedules have the same Confirm Broadcast switch, off by default', () => {
		for (const operation of ['sendNow', 'triggerCampaign', 'triggerCanvas', 'createSchedule']) {
			const confirm = description.properties.filter((p) => p.name === 'confirmBroadcast' && shownFor(operation)(p));
			expect(confirm.length).toBeGreaterThan(0);
			for (const field of confirm) {
				expect(field).toMatchObject({ displayName: 'Confirm Broadcast', type: 'boolean', default: false });
				expect(field.description).toMatch(/^Whether to really /);
			}
		}
		const triggerNotice = description.properties.find((p) => p.name === 'broadcastNotice' && shownFor('triggerCampaign')(p))!;
		expect(triggerNotice.type).toBe('notice');
		expect(triggerNotice.displayName).toMatch(/the campaign's audience.*until Confirm Broadcast is on/);
	});

	it('the campaign schedule picker lists API-triggered campaigns only', async () => {
		for (const operation of ['createSchedule', 'updateSchedule', 'deleteSchedule']) {
			const picker = description.properties.find((p) => p.name === 'campaignId' && p.displayOptions?.show?.resource?.includes('campaign') && shownFor(operation)(p))!;
			expect((picker as any).modes[0].typeOptions.searchListMethod).toBe('searchApiCampaigns');
		}
		// Campaign > Get still picks from every campaign.
		const get = description.properties.find((p) => p.name === 'campaignId' && p.displayOptions?.show?.resource?.includes('campaign') && shownFor('get')(p))!;
		expect((get as any).modes[0].typeOptions.searchListMethod).toBe('searchCampaigns');

		const sb = await startSandbox();
		try {
			sb.state.catalog.campaigns.push({
				id: '8f1c2a10-0000-4000-8000-0000000000ab',
				name: 'Weekly digest',
				last_edited: '2024-03-01T08:00:00+00:00',
				is_api_campaign: false,
				tags: [],
				archived: false,
				paused: false,
				transactional: false,
			});
			const ctx = contextFor(sb, { parameters: {} });
			const listed = await (new Braze().methods.listSearch as any).searchApiCampaigns.call(ctx, undefined, undefined);
			expect(listed.results.map((r: any) => r.name)).not.toContain('Weekly digest');
		} finally {
			await sb.close();
		}
	});
});
