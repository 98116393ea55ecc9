import type { IHookFunctions, IWebhookFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { CUSTOM_ATTRIBUTE } from './description';
import type { AnswersAs, ConsentAs, FieldMapping, KomoMappingSettings, UserMapping } from './mapping';

const IDENTITY_PARAMETER: Record<UserMapping, string> = {
	external_id: 'externalIdPath',
	braze_id: 'brazeIdPath',
	alias_email: 'emailPath',
	alias_phone: 'phonePath',
};

export function text(ctx: IWebhookFunctions, name: string, fallback: string): string {
	const value = ctx.getNodeParameter(name, fallback) as unknown;
	return typeof value === 'string' ? value : fallback;
}

export type KomoWebhookSettings = KomoMappingSettings & { deliveryIdPath: string };

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

/** The trigger names the node listens to: the multi-select plus the free-text list. */
export function allowedTriggers(ctx: IWebhookFunctions): string[] {
	const selected = (ctx.getNodeParameter('triggers', []) ?? []) as string[];
	const others = text(ctx, 'otherTriggers', '').split(',').map((name) => name.trim()).filter(Boolean);
	return [...selected, ...others];
}

/** Refuse to go live when every call would be refused: no secret in the credential. */
export async function publishProblem(ctx: IHookFunctions): Promise<string | undefined> {
	if (ctx.getNodeParameter('authentication', 'headerSecret') !== 'headerSecret') return undefined;
	const credentials = await ctx.getCredentials('komoWebhookApi');
	if (String(credentials.secret ?? '') === '') {
		return 'The Komo Webhook API credential has no Secret: enter one (a long random value) before publishing';
	}
	return undefined;
}
