import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { readPath } from '../shared/values';
import { readJsonObject } from '../shared/webhook/body';
import { SeenDeliveries } from '../shared/webhook/deliveryMemory';
import { replyBadRequest, replyThenRun, replyUnauthorized, replyWithoutRun } from '../shared/webhook/replies';
import { allowedEventTypes, authorized, source, text } from './checks';
import { batchReply, selectEvents } from './events';
import { parseCurrentsBatch } from './schemas';

/**
 * Braze retries a failed Currents batch for up to 24 hours (48 after a 401/403): event IDs are
 * remembered a little longer than that, hashed, and bounded so static data stays small.
 */
const REMEMBER_HOURS = 48;
const MAX_REMEMBERED = 5000;

function memory(ctx: IWebhookFunctions, key: string): SeenDeliveries {
	return new SeenDeliveries(ctx.getWorkflowStaticData('node'), key, Date.now(), REMEMBER_HOURS, MAX_REMEMBERED);
}

/** A Currents batch: one item per new event of a chosen type; the reply goes out before the run. */
function currentsBatch(ctx: IWebhookFunctions, body: IDataObject): IWebhookResponseData {
	const batch = parseCurrentsBatch(body);
	if (!batch.ok) return replyBadRequest(ctx, batch.error, { field: batch.field });

	const seen = ctx.getNodeParameter('dropRepeated', true) === true ? memory(ctx, 'brazeCurrentsEvents') : undefined;
	const selection = selectEvents(batch.events, allowedEventTypes(ctx), seen && { seen: (id) => seen.hasSeen(id), remember: (id) => seen.remember(id) });
	const reply = batchReply(batch.events.length, selection);
	if (selection.selected.length === 0) return replyWithoutRun(ctx, 200, reply);
	return replyThenRun(ctx, 200, reply, selection.selected.map((event) => ({ json: event as IDataObject })));
}

/** A webhook campaign or Canvas webhook step call: the JSON body is the item. */
function webhookCall(ctx: IWebhookFunctions, body: IDataObject): IWebhookResponseData {
	const path = text(ctx, 'deliveryIdPath', 'delivery_id').trim();
	const id = path ? readPath(body, path) : undefined;
	if ((typeof id === 'string' && id.trim()) || typeof id === 'number') {
		const seen = memory(ctx, 'brazeWebhookDeliveries');
		if (seen.hasSeen(String(id))) return replyWithoutRun(ctx, 200, { received: true, duplicate: true });
		seen.remember(String(id));
	}
	return replyThenRun(ctx, 200, { received: true }, [{ json: body }]);
}

/** One call from Braze. Refusals (401, 400) and acknowledgements without work start no execution. */
export async function brazeWebhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const from = source(this);
	const auth = await authorized(this, from);
	if (!auth.ok) return replyUnauthorized(this, auth.what);

	const read = readJsonObject(this);
	if (!read.ok) return replyBadRequest(this, read.error, { field: 'body' });
	return from === 'currents' ? currentsBatch(this, read.body) : webhookCall(this, read.body);
}
