import type {
	IDataObject,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { ketchApiTest } from '../shared/ketch/credentialTest';
import {
	DSR_API_VERSION,
	type DsrStatus,
	type KetchMetadata,
	errorEnvelope,
	isRightsKind,
	rightsResponse,
} from '../shared/ketch/protocol';
import { readJsonObject } from '../shared/webhook/body';
import { admitDelivery, settleWhenAnswered } from '../shared/webhook/deliveryGate';
import { pastedUrlWebhookMethods } from '../shared/webhook/hooks';
import { ReceiptBook } from '../shared/webhook/receipts';
import { replyThenRun, replyWithoutRun } from '../shared/webhook/replies';
import { readRespond, respondingWebhook } from '../shared/webhook/respond';
import { bearerToken, secretsMatch } from '../shared/webhook/secrets';
import { deliveryKey, receiptFor, recencyOf } from './deliveries';
import { readMappingConfig, triggerProperties } from './description';
import { mapKetchRequest } from './mapping';
import { type KetchEnvelope, parseKetchRequest } from './schemas';
import { summarize } from './summary';

interface Acknowledgement {
	status: number;
	body?: IDataObject;
}

/** The reply Ketch's protocol asks for: 204/202 for consent and subscriptions, `<Kind>Response` for rights. */
function acknowledgement(envelope: KetchEnvelope, subscriptionReply: number, initialStatus: DsrStatus): Acknowledgement {
	if (isRightsKind(envelope.kind)) return { status: 200, body: rightsResponse(envelope.kind, envelope.metadata, initialStatus) };
	if (envelope.kind === 'ConsentRequest') return { status: 204 };
	return { status: subscriptionReply === 202 ? 202 : 204 };
}

function replyError(
	ctx: IWebhookFunctions,
	code: number,
	status: Parameters<typeof errorEnvelope>[3],
	message: string,
	apiVersion = DSR_API_VERSION,
	metadata: Partial<KetchMetadata> = {},
): IWebhookResponseData {
	return replyWithoutRun(ctx, code, errorEnvelope(apiVersion, metadata, code, status, message));
}

export class KetchTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Ketch Trigger',
		name: 'ketchTrigger',
		icon: { light: 'file:../../icons/ketch.svg', dark: 'file:../../icons/ketch.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{"Ketch to Braze"}}',
		description: 'Receive consent, subscription preferences and privacy rights requests from Ketch, as Braze changes',
		defaults: { name: 'Ketch Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'ketchApi', required: true, testedBy: 'ketchApiTest' }],
		// Consent and subscriptions: 204 once the run has applied them (Respond), 500 if it failed.
		webhooks: [respondingWebhook('webhook', 204)],
		properties: triggerProperties,
	};

	methods = { credentialTest: { ketchApiTest } };

	// Ketch has no API to register webhooks: the URL is pasted in Ketch by hand.
	webhookMethods = pastedUrlWebhookMethods({ exists: true });

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const credentials = await this.getCredentials('ketchApi');
		const token = String(credentials.token ?? '');
		if (!secretsMatch(bearerToken(this.getHeaderData().authorization), token)) {
			return replyError(this, 401, 'forbidden', 'Missing or wrong bearer token in the Authorization header');
		}

		const body = readJsonObject(this);
		if (!body.ok) return replyError(this, 400, 'invalid', body.error);
		const parsed = parseKetchRequest(body.body);
		if (!parsed.ok) return replyError(this, 400, 'invalid', parsed.error, parsed.apiVersion, parsed.metadata);
		const { envelope } = parsed;
		const { apiVersion, kind, metadata } = envelope;

		const options = this.getNodeParameter('options', {}) as IDataObject;
		const rights = this.getNodeParameter('rights', {}) as IDataObject;
		const ack = acknowledgement(envelope, Number(options.subscriptionReply ?? 204), (rights.initialStatus as DsrStatus | undefined) ?? 'in_progress');

		const kinds = this.getNodeParameter('kinds', []) as string[];
		if (!kinds.includes(kind)) {
			if (isRightsKind(kind)) {
				return replyError(this, 501, 'unimplemented', `This workflow does not handle ${kind}: select it under "Start On" in the Ketch Trigger`, apiVersion, metadata);
			}
			return replyWithoutRun(this, ack.status, ack.body);
		}

		const nowMs = Date.now();
		const book = new ReceiptBook(this.getWorkflowStaticData('global'), nowMs);
		const mapped = mapKetchRequest(envelope, readMappingConfig(this), recencyOf(book, metadata.tenant), Math.floor(nowMs / 1000));
		if (mapped.outcome === 'reject') return replyError(this, 400, 'invalid', mapped.message, apiVersion, metadata);
		if (mapped.outcome === 'acknowledge') return replyWithoutRun(this, ack.status, ack.body);

		// Keyed on kind too: a different kind reusing a uid is a new request, not a retry.
		const key = deliveryKey(metadata.tenant, kind, metadata.uid);
		const keepHours = Number(options.rememberHours ?? 24);
		const dropRetries = options.dropRetries !== false;
		if (dropRetries) {
			const admission = admitDelivery(book, key, nowMs);
			// A retry of a request Braze already has: same answer, no second execution.
			if (admission.verdict === 'duplicate') return replyWithoutRun(this, ack.status, ack.body);
			if (admission.verdict === 'busy') {
				this.getResponseObject().setHeader('Retry-After', String(admission.retryAfterSeconds));
				return replyError(this, 409, 'conflict', `Request ${metadata.uid} is being applied right now: retry in ${admission.retryAfterSeconds} seconds`, apiVersion, metadata);
			}
		}

		const reply = ack.body ? ((ack.body.response as IDataObject | undefined) ?? {}) : {};
		const ketch = summarize(envelope, mapped.identity, mapped.notes, token, reply);
		const receipt = receiptFor(key, metadata.tenant, keepHours, mapped.seen);
		const items = [{ json: { ketch, brazeChanges: mapped.changes as unknown as IDataObject[], deliveryReceipt: receipt as unknown as IDataObject } }];

		// Rights requests are answered now (the protocol's <Kind>Response; completion goes by status
		// event). Consent and subscriptions wait for the run unless Respond says At Once.
		if (isRightsKind(kind) || readRespond(this.getNodeParameter('respond', 'whenApplied')) === 'atOnce') {
			return replyThenRun(this, ack.status, ack.body, items);
		}
		if (dropRetries) settleWhenAnswered(this, key, keepHours);
		return { workflowData: [items] };
	}
}
