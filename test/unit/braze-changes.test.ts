import { CHANGE_TYPES, parseChange } from '../../nodes/shared/braze/changes';

function errorOf(input: unknown): string {
	const result = parseChange(input);
	if (result.ok) throw new Error(`expected a rejection for ${JSON.stringify(input)}`);
	return result.error;
}

describe('Braze change schemas added for sends and cohorts', () => {
	it('keeps every existing change type and adds the new ones', () => {
		expect(CHANGE_TYPES).toEqual(
			expect.arrayContaining(['attributes', 'subscription', 'cohortMembership', 'cohortUpsert', 'campaignSend', 'canvasSend', 'transactionalSend']),
		);
	});

	it('accepts well-formed sends and cohort definitions', () => {
		const valid = [
			{ type: 'campaignSend', campaignId: 'c', recipient: { external_id: 'u1' }, triggerProperties: { a: 1 }, sendId: 's' },
			{ type: 'campaignSend', campaignId: 'c', recipient: { email: 'a@b.co' }, prioritization: ['most_recently_updated'] },
			{ type: 'campaignSend', campaignId: 'c', recipient: { external_id: 'u1' }, sendToExistingOnly: false, attributes: { first_name: 'A' } },
			{ type: 'canvasSend', canvasId: 'v', recipient: { user_alias: { alias_name: 'n', alias_label: 'l' } }, context: { step: 1 } },
			{ type: 'transactionalSend', campaignId: 'c', recipient: { external_id: 'u1' }, externalSendId: 'n8n-abc_DEF+/=' },
			{ type: 'cohortUpsert', cohortId: 'c1', name: 'One', createdAt: '2026-01-31T00:00:00Z' },
		];
		for (const change of valid) expect(parseChange(change)).toMatchObject({ ok: true });
	});

	it('names what Braze would refuse', () => {
		expect(errorOf({ type: 'campaignSend', campaignId: 'c', recipient: { phone: '+14155550100' } })).toMatch(/recipient trigger sends take external_id, user_alias or email/);
		expect(errorOf({ type: 'campaignSend', campaignId: 'c', recipient: { external_id: 'u' }, sendToExistingOnly: false })).toMatch(
			/attributes are required when send_to_existing_only is false/,
		);
		expect(
			errorOf({ type: 'canvasSend', canvasId: 'v', recipient: { user_alias: { alias_name: 'n', alias_label: 'l' } }, sendToExistingOnly: false, attributes: { a: 1 } }),
		).toMatch(/send_to_existing_only cannot be false for a user_alias recipient/);
		expect(errorOf({ type: 'canvasSend', canvasId: 'v', recipient: { external_id: 'u' }, context: { big: 'x'.repeat(60_000) } })).toMatch(/context is larger than the 50 KB/);
		expect(errorOf({ type: 'campaignSend', campaignId: 'c', recipient: { external_id: 'u' }, triggerProperties: [1] })).toMatch(/trigger_properties must be a JSON object/);
		expect(errorOf({ type: 'transactionalSend', campaignId: 'c', recipient: { email: 'a@b.co' } })).toMatch(/recipient transactional sends take external_id or user_alias/);
		expect(errorOf({ type: 'transactionalSend', campaignId: 'c', recipient: { external_id: 'u' }, externalSendId: 'a b' })).toMatch(/external_send_id may hold only/);
		expect(errorOf({ type: 'cohortUpsert', cohortId: 'c', name: ' ', createdAt: '2026-01-31T00:00:00Z' })).toMatch(/name must not be empty/);
		expect(errorOf({ type: 'cohortUpsert', cohortId: 'c', name: 'n', createdAt: 'soon' })).toMatch(/created_at must be an ISO 8601 time/);
	});
});
