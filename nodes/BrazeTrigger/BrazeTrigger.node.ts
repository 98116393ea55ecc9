import type { INodeType, INodeTypeDescription, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { pastedUrlWebhookMethods, receivedWebhook } from '../shared/webhook/hooks';
import { publishProblem } from './checks';
import { brazeWebhookApiTest } from './credentialTest';
import { properties } from './description';
import { brazeWebhook } from './webhook';

export class BrazeTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Braze Trigger',
		name: 'brazeTrigger',
		icon: { light: 'file:../../icons/braze.svg', dark: 'file:../../icons/braze.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{$parameter["source"] === "webhook" ? "Webhook campaign or Canvas step" : "Currents events"}}',
		description: 'Start a workflow from Braze Currents events (Custom HTTP connector) or a webhook campaign or Canvas step',
		defaults: { name: 'Braze Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'brazeWebhookApi', required: true, testedBy: 'brazeWebhookApiTest', displayOptions: { show: { authentication: ['token'] } } }],
		webhooks: [receivedWebhook('webhook')],
		properties,
	};

	methods = { credentialTest: { brazeWebhookApiTest } };

	// Braze has no API to register Currents or webhook URLs: the URL is pasted into Braze by hand.
	webhookMethods = pastedUrlWebhookMethods({ exists: true, problem: publishProblem });

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await brazeWebhook.call(this);
	}
}
