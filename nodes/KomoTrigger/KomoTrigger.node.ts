import type { INodeType, INodeTypeDescription, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { wordsFor } from '../shared/subtitle';
import { komoWebhookApiTest } from '../shared/webhook/credentialTest';
import { pastedUrlWebhookMethods } from '../shared/webhook/hooks';
import { respondingWebhook } from '../shared/webhook/respond';
import { publishProblem } from './checks';
import { properties } from './description';
import { komoWebhook } from './webhook';

/** User Mapping in words: "Users by email alias", not "User: alias_email". */
const USER_MAPPING_WORDS = { alias_email: 'email alias', alias_phone: 'phone alias', external_id: 'external ID', braze_id: 'Braze ID' };

export class KomoTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Komo Trigger',
		name: 'komoTrigger',
		icon: { light: 'file:../../icons/komo.svg', dark: 'file:../../icons/komo.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: `={{"Users by " + ${wordsFor(USER_MAPPING_WORDS, '$parameter["userMapping"]')}}}`,
		description: 'Receive Komo Workflow calls (form entries, quiz and poll answers, consent) as Braze changes',
		defaults: { name: 'Komo Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'komoWebhookApi', required: true, testedBy: 'komoWebhookApiTest', displayOptions: { show: { authentication: ['headerSecret'] } } }],
		webhooks: [respondingWebhook('webhook', 200)],
		properties,
	};

	methods = { credentialTest: { komoWebhookApiTest } };

	// Komo has no API to register webhooks: the URL is pasted into its HTTP Request step by hand.
	webhookMethods = pastedUrlWebhookMethods({ exists: true, problem: publishProblem });

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await komoWebhook.call(this);
	}
}
