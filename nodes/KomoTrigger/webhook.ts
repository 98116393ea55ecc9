import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { readPath } from '../shared/values';
import { readJsonObject } from '../shared/webhook/body';
import { admitDelivery, settleWhenAnswered } from '../shared/webhook/deliveryGate';
import { ReceiptBook, type DeliveryReceipt, receiptKey } from '../shared/webhook/receipts';
import { replyBadRequest, replyThenRun, replyUnauthorized, replyWithoutRun } from '../shared/webhook/replies';
import { readRespond } from '../shared/webhook/respond';
import { credentialHeader, secretsMatch } from '../shared/webhook/secrets';
import { type KomoWebhookSettings, allowedTriggers, readSettings, text } from './checks';
import { mapKomoToBraze, triggerAllowed } from './mapping';

/** Applied deliveries are remembered this long (hashed receipts in static data, at most 1,000). */
const REMEMBER_HOURS = 24;

/** The replay key of a delivery: its trigger and entry ID, or undefined when it has no ID. */
function deliveryKey(body: IDataObject, settings: KomoWebhookSettings, trigger: string | undefined): string | undefined {
	if (!settings.deliveryIdPath) return undefined;
	const id = readPath(body, settings.deliveryIdPath);
	if (typeof id !== 'string' && typeof id !== 'number') return undefined;
	const text = String(id).trim();
	return text ? `${trigger ?? ''}|${text}` : undefined;
}

/**
 * One Komo HTTP Request step call: secret (from the credential), body, trigger filter, mapping.
 * Anything refused is answered here (401 / 400 / 200 ignored) and starts no execution; the rest
 * starts one run.
 */
export async function komoWebhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	if (text(this, 'authentication', 'headerSecret') === 'headerSecret') {
		const { headerName, expected, received } = await credentialHeader(this, { type: 'komoWebhookApi', secretField: 'secret', defaultHeader: 'X-Komo-Token' });
		if (!secretsMatch(received, expected)) return replyUnauthorized(this, `${headerName} header`);
	}

	const read = readJsonObject(this);
	if (!read.ok) return replyBadRequest(this, read.error, { field: 'body' });
	const body = read.body;

	const settings = readSettings(this);
	const allowed = allowedTriggers(this);
	const triggerValue = readPath(body, settings.triggerPath);
	const trigger = typeof triggerValue === 'string' ? triggerValue : undefined;
	if (!triggerAllowed(trigger, allowed)) {
		if (trigger === undefined) {
			return replyBadRequest(
				this,
				`Field "${settings.triggerPath}" is missing: the node only accepts chosen triggers, so the body must name its trigger there (e.g. "Gameplay.DataCaptured")`,
				{ field: settings.triggerPath },
			);
		}
		return replyWithoutRun(this, 200, { received: true, ignored: true, reason: `trigger "${trigger.slice(0, 100)}" is not one this workflow listens to` });
	}

	const mapped = mapKomoToBraze(body, settings, new Date());
	if (!mapped.ok) return replyBadRequest(this, mapped.error, { field: mapped.field });

	// A resent delivery (Komo retry, a replay) of an entry Braze already has gets the same 200 and
	// starts nothing; a copy arriving while the first is being applied is told to retry (409).
	const key = deliveryKey(body, settings, trigger);
	let receipt: DeliveryReceipt | undefined;
	if (key !== undefined) {
		const nowMs = Date.now();
		receipt = { key: receiptKey('komo', this.getNode().name, key), keepHours: REMEMBER_HOURS };
		const admission = admitDelivery(new ReceiptBook(this.getWorkflowStaticData('global'), nowMs), receipt.key, nowMs);
		if (admission.verdict === 'duplicate') return replyWithoutRun(this, 200, { received: true, duplicate: true });
		if (admission.verdict === 'busy') {
			this.getResponseObject().setHeader('Retry-After', String(admission.retryAfterSeconds));
			return replyWithoutRun(this, 409, { error: 'conflict', message: `This entry is being applied right now: retry in ${admission.retryAfterSeconds} seconds` });
		}
	}

	const json = { komo: mapped.komo, brazeChanges: mapped.brazeChanges, ...(receipt ? { deliveryReceipt: receipt } : {}) } as unknown as IDataObject;
	// Respond "When Braze Has the Changes": n8n answers 200 once the run is done, 500 if it failed.
	if (readRespond(this.getNodeParameter('respond', 'whenApplied')) === 'whenApplied') {
		if (receipt) settleWhenAnswered(this, receipt.key, REMEMBER_HOURS);
		return { workflowData: [[{ json }]] };
	}
	return replyThenRun(this, 200, { received: true }, [{ json }]);
}
