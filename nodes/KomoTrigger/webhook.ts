import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { readJsonObject } from '../shared/webhook/body';
import { SeenDeliveries } from '../shared/webhook/deliveryMemory';
import { replyBadRequest, replyThenRun, replyUnauthorized, replyWithoutRun } from '../shared/webhook/replies';
import { credentialHeader, secretsMatch } from '../shared/webhook/secrets';
import { CUSTOM_ATTRIBUTE } from './description';
import {
	type AnswersAs,
	type ConsentAs,
	type FieldMapping,
	type KomoMappingSettings,
	type UserMapping,
	mapKomoToBraze,
	readPath,
	triggerAllowed,
} from './mapping';

const IDENTITY_PARAMETER: Record<UserMapping, string> = {
	external_id: 'externalIdPath',
	braze_id: 'brazeIdPath',
	alias_email: 'emailPath',
	alias_phone: 'phonePath',
};

function text(ctx: IWebhookFunctions, name: string, fallback: string): string {
	const value = ctx.getNodeParameter(name, fallback) as unknown;
	return typeof value === 'string' ? value : fallback;
}

type KomoWebhookSettings = KomoMappingSettings & { deliveryIdPath: string };

/** The node's parameters as mapping settings; a setting that cannot work is the workflow's fault. */
export function readSettings(ctx: IWebhookFunctions): KomoWebhookSettings {
	const userMapping = text(ctx, 'userMapping', 'alias_email') as UserMapping;
	const rows = (ctx.getNodeParameter('fieldMappings.mapping', []) ?? []) as Array<{
		komoField?: string;
		brazeAttribute?: string;
		customAttribute?: string;
	}>;
	const fields: FieldMapping[] = rows.map((row, index) => {
		const attribute = row.brazeAttribute === CUSTOM_ATTRIBUTE || row.brazeAttribute === undefined ? row.customAttribute ?? '' : row.brazeAttribute;
		if (!String(row.komoField ?? '').trim() || !attribute.trim()) {
			throw new NodeOperationError(ctx.getNode(), `Field Mapping ${index + 1} needs both a Komo Field and a Braze attribute name`);
		}
		return { komoField: String(row.komoField), brazeAttribute: attribute };
	});
	const answersAs = text(ctx, 'answersAs', 'event') as AnswersAs;
	const eventName = text(ctx, 'eventName', 'komo_quiz_answered').trim();
	if ((answersAs === 'event' || answersAs === 'both') && !eventName) {
		throw new NodeOperationError(ctx.getNode(), 'Event Name is empty: give the custom event a name, e.g. komo_quiz_answered');
	}
	let consent: KomoMappingSettings['consent'];
	if (ctx.getNodeParameter('subscribeOnConsent', false) === true) {
		const groupId = text(ctx, 'subscriptionGroupId', '').trim();
		if (!groupId) {
			throw new NodeOperationError(ctx.getNode(), 'Subscription Group ID is empty: copy it from Braze (Audience > Subscriptions) or turn off Opt In From Consent Field');
		}
		consent = {
			path: text(ctx, 'consentPath', 'consent.marketing'),
			groupId,
			as: text(ctx, 'consentAs', 'auto') as ConsentAs,
			unsubscribeOnDecline: ctx.getNodeParameter('unsubscribeOnDecline', false) === true,
		};
	}
	const options = ctx.getNodeParameter('options', {}) as { occurredAtPath?: string; deliveryIdPath?: string };
	return {
		userMapping,
		identityPath: text(ctx, IDENTITY_PARAMETER[userMapping] ?? 'emailPath', ''),
		aliasLabel: text(ctx, userMapping === 'alias_phone' ? 'phoneAliasLabel' : 'emailAliasLabel', userMapping === 'alias_phone' ? 'phone' : 'email'),
		fields,
		answers: {
			as: answersAs,
			path: text(ctx, 'answersPath', 'answers'),
			attributePrefix: text(ctx, 'answerAttributePrefix', 'komo_'),
			eventName,
			eventPerAnswer: ctx.getNodeParameter('eventPerAnswer', false) === true,
		},
		...(consent ? { consent } : {}),
		updateExistingOnly: ctx.getNodeParameter('updateExistingOnly', false) === true,
		triggerPath: text(ctx, 'triggerPath', 'trigger'),
		occurredAtPath: options.occurredAtPath ?? 'occurredAt',
		deliveryIdPath: (options.deliveryIdPath ?? 'entryId').trim(),
	};
}

/** Accepted deliveries are remembered this long, at most this many (hashed, in static data). */
const REMEMBER_HOURS = 24;
const MAX_REMEMBERED = 1000;

/** The replay key of a delivery: its trigger and entry ID, or undefined when it has no ID. */
function deliveryKey(body: IDataObject, settings: KomoWebhookSettings, trigger: string | undefined): string | undefined {
	if (!settings.deliveryIdPath) return undefined;
	const id = readPath(body, settings.deliveryIdPath);
	if (typeof id !== 'string' && typeof id !== 'number') return undefined;
	const text = String(id).trim();
	return text ? `${trigger ?? ''}|${text}` : undefined;
}

/** The trigger names the node listens to: the multi-select plus the free-text list. */
function allowedTriggers(ctx: IWebhookFunctions): string[] {
	const selected = (ctx.getNodeParameter('triggers', []) ?? []) as string[];
	const others = text(ctx, 'otherTriggers', '').split(',').map((name) => name.trim()).filter(Boolean);
	return [...selected, ...others];
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

	// A resent delivery (Komo retry, a replay) gets the same 200 and starts nothing.
	const key = deliveryKey(body, settings, trigger);
	if (key !== undefined) {
		const seen = new SeenDeliveries(this.getWorkflowStaticData('node'), 'komoDeliveries', Date.now(), REMEMBER_HOURS, MAX_REMEMBERED);
		if (seen.hasSeen(key)) return replyWithoutRun(this, 200, { received: true, duplicate: true });
		seen.remember(key);
	}

	const json = { komo: mapped.komo, brazeChanges: mapped.brazeChanges } as unknown as IDataObject;
	return replyThenRun(this, 200, { received: true }, [{ json }]);
}
