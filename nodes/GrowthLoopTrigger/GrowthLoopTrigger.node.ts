import type { IHookFunctions, INodeType, INodeTypeDescription, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { growthLoopWebhookApiTest } from '../shared/webhook/credentialTest';
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
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				responseMode: 'onReceived',
				// Without it n8n 2.40 answers the literal text "firstEntryJson".
				responseData: '={{ { "received": true } }}',
				path: PATH,
				isFullPath: true,
			},
		],
		properties,
	};

	methods = { credentialTest: { growthLoopWebhookApiTest } };

	webhookMethods = {
		default: {
			// GrowthLoop has no API to register URLs: the user pastes them, so there is nothing to look up.
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return false;
			},
			// Refuse to go live with a setting that would make every call fail.
			async create(this: IHookFunctions): Promise<boolean> {
				const problem = await publishProblem(this);
				if (problem) throw new NodeOperationError(this.getNode(), problem);
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await growthLoopWebhook.call(this);
	}
}
