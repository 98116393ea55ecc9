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
import { pastedUrlWebhookMethods } from '../shared/webhook/hooks';
import { replyThenRun, replyWithoutRun } from '../shared/webhook/replies';
import { bearerToken, secretsMatch } from '../shared/webhook/secrets';
import { DeliveryMemory } from './deliveries';
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
		webhooks: [{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'webhook' }],
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

		const memory = new DeliveryMemory(this.getWorkflowStaticData('node'), metadata.tenant, Date.now(), Number(options.rememberHours ?? 24));
		const dropRetries = options.dropRetries !== false;
		// Keyed on kind too: a different kind reusing a uid is a new request, not a retry.
		const delivery = `${kind}|${metadata.uid}`;
		// A retry of a request already accepted: same answer, no second execution.
		if (dropRetries && memory.hasSeen(delivery)) return replyWithoutRun(this, ack.status, ack.body);

		const mapped = mapKetchRequest(envelope, readMappingConfig(this), memory, Math.floor(Date.now() / 1000));
		if (mapped.outcome === 'reject') return replyError(this, 400, 'invalid', mapped.message, apiVersion, metadata);
		if (mapped.outcome === 'acknowledge') return replyWithoutRun(this, ack.status, ack.body);

		memory.accept(dropRetries ? delivery : undefined, mapped.seen);
		const reply = ack.body ? ((ack.body.response as IDataObject | undefined) ?? {}) : {};
		const ketch = summarize(envelope, mapped.identity, mapped.notes, token, reply);

		// Answer Ketch now with the protocol's reply, and still start the workflow with the item.
		return replyThenRun(this, ack.status, ack.body, [{ json: { ketch, brazeChanges: mapped.changes as unknown as IDataObject[] } }]);
	}
}
