import type { INodeType, INodeTypeDescription, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { growthLoopWebhookApiTest } from '../shared/webhook/credentialTest';
import { pastedUrlWebhookMethods } from '../shared/webhook/hooks';
import { respondingWebhook } from '../shared/webhook/respond';
import { publishProblem } from './checks';
import { PATH, properties } from './description';
import { growthLoopWebhook } from './webhook';

export class GrowthLoopTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'GrowthLoop Trigger',
		name: 'growthLoopTrigger',
		icon: { light: 'file:../../icons/growthloop.svg', dark: 'file:../../icons/growthloop.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{$parameter["routing"] === "twoPaths" ? "Add and remove URLs" : "One URL"}}',
		description: 'Receive GrowthLoop audience adds and removes (HTTP Endpoint destination) as Braze changes',
		defaults: { name: 'GrowthLoop Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'growthLoopWebhookApi', required: true, testedBy: 'growthLoopWebhookApiTest', displayOptions: { show: { authentication: ['headerToken'] } } }],
		webhooks: [respondingWebhook(PATH, 200, { isFullPath: true })],
		properties,
	};

	methods = { credentialTest: { growthLoopWebhookApiTest } };

	// GrowthLoop has no API to register URLs: the user pastes them, so there is nothing to look up.
	webhookMethods = pastedUrlWebhookMethods({ exists: false, problem: publishProblem });

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await growthLoopWebhook.call(this);
	}
}
