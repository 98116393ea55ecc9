import { FIXTURE_IDS, type Sandbox, startSandbox } from '../../sandbox/server';
import { json, received, run, runFailing, seed } from './braze.harness';

const byId = (value: string) => ({ __rl: true, mode: 'id', value });
const { welcome, archived } = FIXTURE_IDS.campaigns;
const { onboarding } = FIXTURE_IDS.canvases;
const { vip } = FIXTURE_IDS.segments;
const EMAIL = { email: { app_id: 'app-1', subject: 'Hi', body: '<p>Hi</p>' } };
/** A time Braze takes: the sandbox refuses schedules over 90 days ahead, as Braze documents. */
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

describe('Braze node: the endpoints of issue 14 (against the sandbox)', () => {
	let sb: Sandbox;
	beforeAll(async () => {
		sb = await startSandbox();
	});
	afterAll(async () => await sb.close());
	beforeEach(() => sb.reset());

	describe('Message > Send Now', () => {
		const users = ['user-1', 'user-2', 'user-3'].map((id) => ({ json: { id } }));

		it('sends one /messages/send for the users of the items, the message defined once', async () => {
			const { output } = await run(sb, {
				items: users,
				parameters: (i) => ({ resource: 'message', operation: 'sendNow', sendTo: 'recipients', identifyBy: 'external_id', externalId: `user-${i + 1}`, messages: JSON.stringify(EMAIL), sendNowOptions: { sendId: 'launch' } }),
			});
			expect(received(sb, '/messages/send')).toEqual([{ send_id: 'launch', messages: EMAIL, external_user_ids: ['user-1', 'user-2', 'user-3'] }]);
			expect(output.map((o) => o.json.dispatch_id)).toEqual(Array(3).fill(sb.state.messaging.sent[0].dispatch_id));
		});

		it('refuses a broadcast until it is confirmed, then sends it once for all items', async () => {
			const parameters = { resource: 'message', operation: 'sendNow', sendTo: 'segment', segmentId: byId(vip), messages: EMAIL };
			const error = await runFailing(sb, { items: users, parameters });
			expect(error.message).toMatch(/Broadcast not confirmed: nothing was sent/);
			expect(received(sb, '/messages/send')).toEqual([]);
			const { output } = await run(sb, { items: users, parameters: { ...parameters, confirmBroadcast: true } });
			expect(received(sb, '/messages/send')).toEqual([{ segment_id: vip, broadcast: true, messages: EMAIL }]);
			expect(output).toHaveLength(1);
			expect(output[0].pairedItem).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		});

		it('an email message without app_id is refused by Braze\'s rules (the sandbox), naming the field', async () => {
			const error = await runFailing(sb, { parameters: { resource: 'message', operation: 'sendNow', sendTo: 'recipients', identifyBy: 'external_id', externalId: 'u', messages: { email: { body: 'x' } } } });
			expect(error.message).toMatch(/messages\.email\.app_id/);
		});
	});

	describe('schedules', () => {
		it('Message > Create, Update and Delete Schedule: the schedule_id create returns is the handle of the others', async () => {
			const time = inDays(3);
			const created = await run(sb, {
				parameters: { resource: 'message', operation: 'createSchedule', audience: 'users', externalUserIds: 'user-1, user-2', messages: EMAIL, sendAt: time, timing: 'local' },
			});
			const scheduleId = created.output[0].json.schedule_id as string;
			expect(received(sb, '/messages/schedule/create')).toEqual([{ external_user_ids: ['user-1', 'user-2'], messages: EMAIL, schedule: { time, in_local_time: true } }]);
			expect(sb.state.messaging.schedules.get(scheduleId)).toBeDefined();

			const later = inDays(5);
			await run(sb, { parameters: { resource: 'message', operation: 'updateSchedule', scheduleId, sendAt: later, timing: 'exact', messages: '{}' } });
			expect(received(sb, '/messages/schedule/update')).toEqual([{ schedule_id: scheduleId, schedule: { time: later } }]);
			expect(sb.state.messaging.schedules.get(scheduleId)!.schedule.time).toBe(later);

			const { output } = await run(sb, { parameters: { resource: 'message', operation: 'deleteSchedule', scheduleId } });
			expect(output[0].json).toMatchObject({ success: true, deleted: true, schedule_id: scheduleId });
			expect(sb.state.messaging.schedules.size).toBe(0);
		});

		it('Campaign > Create Schedule for listed users, with trigger properties; more than 90 days ahead fails that item alone', async () => {
			const time = inDays(1);
			const { output } = await run(sb, {
				continueOnFail: true,
				items: [{ json: {} }, { json: {} }],
				parameters: (i) => ({
					resource: 'campaign',
					operation: 'createSchedule',
					campaignId: byId(welcome),
					audience: 'users',
					externalUserIds: ['user-1'],
					sendAt: i === 0 ? time : inDays(120),
					timing: 'exact',
					scheduleOptions: { triggerProperties: '{"coupon": "SPRING"}' },
				}),
			});
			expect(output[0].json.schedule_id).toEqual(expect.any(String));
			expect(output[1].json.error).toMatch(/\[item 1\].*at most 90 days/);
			expect(received(sb, '/campaigns/trigger/schedule/create')[0]).toEqual({
				campaign_id: welcome,
				recipients: [{ external_user_id: 'user-1' }],
				trigger_properties: { coupon: 'SPRING' },
				schedule: { time },
			});
		});

		it('Campaign > Update and Delete Schedule name the campaign; a schedule of another campaign is refused', async () => {
			const created = await run(sb, { parameters: { resource: 'campaign', operation: 'createSchedule', campaignId: byId(welcome), audience: 'users', externalUserIds: 'u1', sendAt: inDays(2) } });
			const scheduleId = created.output[0].json.schedule_id as string;
			await run(sb, { parameters: { resource: 'campaign', operation: 'updateSchedule', campaignId: byId(welcome), scheduleId, sendAt: inDays(4), timing: 'optimal' } });
			expect(received(sb, '/campaigns/trigger/schedule/update')[0]).toMatchObject({ campaign_id: welcome, schedule_id: scheduleId, schedule: { at_optimal_time: true } });
			const wrong = await runFailing(sb, { parameters: { resource: 'campaign', operation: 'deleteSchedule', campaignId: byId(FIXTURE_IDS.campaigns.receipt), scheduleId } });
			expect(wrong.message).toMatch(/Invalid schedule_id/);
			await run(sb, { parameters: { resource: 'campaign', operation: 'deleteSchedule', campaignId: byId(welcome), scheduleId } });
			expect(sb.state.messaging.schedules.size).toBe(0);
		});

		it('Canvas > Create Schedule to the whole audience needs Confirm Broadcast; then sends broadcast: true and the entry properties', async () => {
			const parameters = { resource: 'canvas', operation: 'createSchedule', canvasId: byId(onboarding), audience: 'broadcast', sendAt: inDays(2), scheduleOptions: { entryProperties: { plan: 'pro' } } };
			const refused = await runFailing(sb, { parameters });
			expect(refused.message).toMatch(/Broadcast not confirmed: nothing was scheduled/);
			expect(received(sb, '/canvas/trigger/schedule/create')).toEqual([]);
			await run(sb, { parameters: { ...parameters, confirmBroadcast: true } });
			expect(received(sb, '/canvas/trigger/schedule/create')[0]).toMatchObject({ canvas_id: onboarding, broadcast: true, canvas_entry_properties: { plan: 'pro' } });
		});
	});

	describe('Campaign and Canvas > Get, Get Many', () => {
		it('Get returns the details with the ID; an archived campaign is still found; an unknown ID fails its item', async () => {
			const { output } = await run(sb, {
				continueOnFail: true,
				items: [{ json: {} }, { json: {} }, { json: {} }],
				parameters: (i) => ({ resource: 'campaign', operation: 'get', campaignId: byId([welcome, archived, 'nope'][i]) }),
			});
			expect(output[0].json).toMatchObject({ campaign_id: welcome, name: 'Welcome email', archived: false, enabled: true });
			expect(output[0].json.message).toBeUndefined();
			expect(output[1].json).toMatchObject({ archived: true });
			expect(output[2].json.error).toMatch(/\[item 2\] \/campaigns\/details: .*Invalid Campaign ID/);
			expect(sb.state.requests.list({ path: '/campaigns/details' }).map((r) => r.query)).toEqual([{ campaign_id: welcome }, { campaign_id: archived }, { campaign_id: 'nope' }]);
		});

		it('Get Many pages /campaigns/list and /canvas/list; Include Archived asks for them', async () => {
			await seed(sb, '/_sandbox/seed', { campaigns: 150 });
			const all = await run(sb, { parameters: { resource: 'campaign', operation: 'getMany', returnAll: true, campaignListOptions: { includeArchived: true } } });
			expect(all.output).toHaveLength(153);
			expect(sb.state.requests.list({ path: '/campaigns/list' }).map((r) => r.query)).toEqual([
				{ include_archived: 'true', page: '0' },
				{ include_archived: 'true', page: '1' },
			]);
			const canvases = await run(sb, { parameters: { resource: 'canvas', operation: 'getMany', returnAll: false, limit: 1, canvasListOptions: { sortDirection: 'desc' } } });
			expect(json(canvases.output)).toEqual([{ id: onboarding, last_edited: '2024-01-15T10:00:00+00:00', name: 'Onboarding journey', tags: ['onboarding'] }]);
			const details = await run(sb, { parameters: { resource: 'canvas', operation: 'get', canvasId: byId(onboarding) } });
			expect(details.output[0].json).toMatchObject({ canvas_id: onboarding, name: 'Onboarding journey' });
		});
	});

	describe('Email > Remove Hard Bounce, Remove Spam', () => {
		it('takes addresses off the hard bounce list, 50 a request', async () => {
			const emails = Array.from({ length: 60 }, (_v, i) => `fan${i}@example.com`);
			await seed(sb, '/email/blocklist', { email: emails.slice(0, 50) });
			await seed(sb, '/email/blocklist', { email: emails.slice(50) });
			const { output } = await run(sb, { items: emails.map((email) => ({ json: { email } })), parameters: (i) => ({ resource: 'email', operation: 'removeHardBounce', emailAddress: emails[i] }) });
			expect(received(sb, '/email/bounce/remove').map((b) => b.email.length)).toEqual([50, 10]);
			expect(sb.state.emails.all().filter((r) => r.hard_bounced_at)).toEqual([]);
			expect(output[0].json).toMatchObject({ success: true, email: 'fan0@example.com', removed: true });
		});

		it('takes an address off the spam list; a malformed one fails before sending', async () => {
			sb.state.spam.set('ann@example.com', new Date().toISOString());
			const { output } = await run(sb, {
				continueOnFail: true,
				items: [{ json: {} }, { json: {} }],
				parameters: (i) => ({ resource: 'email', operation: 'removeSpam', emailAddress: ['Ann@Example.com', 'not-an-email'][i] }),
			});
			expect(sb.state.spam.size).toBe(0);
			expect(output[1].json.error).toMatch(/\[item 1\]/);
			expect(received(sb, '/email/spam/remove')).toHaveLength(1);
		});
	});

	describe('SMS > Get, Remove Invalid Phone Numbers', () => {
		it('lists numbers by number and removes them', async () => {
			await seed(sb, '/_sandbox/seed', { invalid_phone_numbers: ['+14155550100', '+14155550101'] });
			const found = await run(sb, { parameters: { resource: 'sms', operation: 'getInvalidPhoneNumbers', smsFilterBy: 'phoneNumbers', phoneNumbers: '+14155550100', returnAll: true } });
			expect(json(found.output)).toEqual([{ phone: '+14155550100', invalid_detected_at: expect.any(String) }]);
			await run(sb, { items: [{ json: {} }, { json: {} }], parameters: (i) => ({ resource: 'sms', operation: 'removeInvalidPhoneNumber', phoneNumber: ['+14155550100', '+14155550101'][i] }) });
			expect(received(sb, '/sms/invalid_phone_numbers/remove')).toEqual([{ phone_numbers: ['+14155550100', '+14155550101'] }]);
			expect(sb.state.invalidPhones.size).toBe(0);
		});

		it('pages a date range by offset', async () => {
			await seed(sb, '/_sandbox/seed', { invalid_phone_numbers: ['+14155550100'] });
			const today = new Date().toISOString().slice(0, 10);
			const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
			const { output } = await run(sb, { parameters: { resource: 'sms', operation: 'getInvalidPhoneNumbers', smsFilterBy: 'dateRange', startDate: today, endDate: tomorrow, returnAll: true } });
			expect(output).toHaveLength(1);
			expect(sb.state.requests.list({ path: '/sms/invalid_phone_numbers' })[0].query).toEqual({ start_date: today, end_date: tomorrow, limit: '500', offset: '0' });
		});
	});

	describe('User > Export Segment', () => {
		it('starts the export and returns where it lands (object_prefix and the download url)', async () => {
			const { output } = await run(sb, {
				parameters: { resource: 'user', operation: 'exportSegment', segmentId: byId(vip), fieldsToExport: 'external_id, email', exportSegmentOptions: { callbackEndpoint: 'https://n8n.example.com/webhook/x' } },
			});
			expect(received(sb, '/users/export/segment')).toEqual([{ segment_id: vip, fields_to_export: ['external_id', 'email'], callback_endpoint: 'https://n8n.example.com/webhook/x' }]);
			const prefix = output[0].json.object_prefix as string;
			expect(output[0].json).toEqual({ segment_id: vip, object_prefix: prefix, url: expect.stringContaining(`segment-export/${vip}/`) });
		});

		it('an unknown segment fails with Braze\'s words; a missing permission names the fix', async () => {
			const error = await runFailing(sb, { parameters: { resource: 'user', operation: 'exportSegment', segmentId: byId('nope'), fieldsToExport: 'email' } });
			expect(error.message).toMatch(/\[item 0\] \/users\/export\/segment: .*Invalid Segment ID/);
			sb.setOptions({ permissions: ['users.track'] });
			const denied = await runFailing(sb, { parameters: { resource: 'user', operation: 'exportSegment', segmentId: byId(vip), fieldsToExport: 'email' } });
			expect(denied.message).toMatch(/403/);
		});
	});
});
