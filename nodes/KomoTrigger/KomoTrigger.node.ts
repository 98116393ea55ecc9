import type { IHookFunctions, INodeType, INodeTypeDescription, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { komoWebhookApiTest } from '../shared/webhook/credentialTest';
import { publishProblem } from './checks';
import { properties } from './description';
import { komoWebhook } from './webhook';

export class KomoTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Komo Trigger',
		name: 'komoTrigger',
		icon: { light: 'file:../../icons/komo.svg', dark: 'file:../../icons/komo.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{"User: " + $parameter["userMapping"]}}',
		description: 'Receive Komo Workflow calls (form entries, quiz and poll answers, consent) as Braze changes',
		defaults: { name: 'Komo Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'komoWebhookApi', required: true, testedBy: 'komoWebhookApiTest', displayOptions: { show: { authentication: ['headerSecret'] } } }],
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				responseMode: 'onReceived',
				// Without it n8n 2.40 answers the literal text "firstEntryJson".
				responseData: '={{ { "received": true } }}',
				path: 'webhook',
			},
		],
		properties,
	};

	methods = { credentialTest: { komoWebhookApiTest } };

	// Komo has no API to register webhooks: the URL is pasted into its HTTP Request step by hand.
	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return true;
			},
			// Refuse to go live when every call would be refused: no secret in the credential.
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
		return await komoWebhook.call(this);
	}
}
