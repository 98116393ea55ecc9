import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import type { DeltaAction } from '../shared/membership/diff';
import { type ParameterGetter, readChangesPerItem, readWriteSetup } from '../shared/membership/properties';
import { MemberCollector, planDeltaSync } from '../shared/membership/sync';
import { readJsonObject } from '../shared/webhook/body';
import { replyBadRequest, replyThenRun, replyUnauthorized, replyWithoutRun } from '../shared/webhook/replies';
import { readRespond } from '../shared/webhook/respond';
import { authorized } from './checks';
import { GROWTHLOOP } from './description';
import { actionOfBody, actionOfSegment, audienceOf, membersOf, outputItems } from './mapping';

/**
 * One GrowthLoop call: token, body, action (from the URL or the body), members, audience. Anything
 * refused is answered here (401 / 400 / 404) and starts no execution; the rest starts one run
 * with the changes in batches and a summary item, answered when it is done (or at once).
 */
export async function growthLoopWebhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	// The token first: a caller without it learns nothing about the body rules.
	if (!(await authorized(this))) return replyUnauthorized(this, 'token');

	const parsed = readJsonObject(this);
	if (!parsed.ok) return replyBadRequest(this, parsed.error);
	const body = parsed.body;
	const get: ParameterGetter = (name, fallback) => this.getNodeParameter(name, fallback);

	let action: DeltaAction;
	if (get('routing', 'twoPaths') === 'twoPaths') {
		const segment = String((this.getParamsData() as IDataObject).action ?? '');
		const routed = actionOfSegment(segment, String(get('addPath', 'add')), String(get('removePath', 'remove')));
		if (!routed) return replyWithoutRun(this, 404, { error: 'not_found', message: 'Unknown path: use the add or the remove URL of this trigger' });
		action = routed;
	} else {
		const read = actionOfBody(body, String(get('actionField', 'action') ?? 'action').trim());
		if (!read.ok) return replyBadRequest(this, read.error, { field: read.field });
		action = read.value;
	}

	const members = membersOf(body, String(get('membersField', 'members') ?? 'members').trim());
	if (!members.ok) return replyBadRequest(this, members.error, { field: members.field });

	const audience = audienceOf(body, {
		fixedName: String(get('audienceName', '') ?? ''),
		nameField: String(get('audienceNameField', 'audience.name') ?? '').trim(),
		idField: String(get('audienceIdField', 'audience.id') ?? '').trim(),
	});
	if (!audience.ok) return replyBadRequest(this, audience.error, { field: audience.field });

	const { target, mapping, problem } = readWriteSetup(get, GROWTHLOOP, audience.value.id ?? audience.value.name, audience.value.name);
	if (problem) return replyBadRequest(this, problem);

	if (members.value.length === 0) return replyWithoutRun(this, 200, { message: 'No members: nothing to do' });

	const collector = new MemberCollector(mapping, false, 0);
	for (const member of members.value) collector.add(member, 0);
	const batchSize = readChangesPerItem(get('options', {}) as IDataObject);
	const plan = planDeltaSync(collector.result(), action, target, mapping, { batchSize });
	const items = outputItems(plan, { action, audience: audience.value, received: members.value.length, receivedAt: new Date() }, target, mapping);
	// Respond "When Braze Has the Changes": n8n answers 200 once the run is done, 500 if it failed
	// (memberships are idempotent, so GrowthLoop's retry of the whole call is safe).
	if (readRespond(get('respond', 'whenApplied')) === 'whenApplied') return { workflowData: [items] };
	return replyThenRun(this, 200, { received: true }, items);
}
