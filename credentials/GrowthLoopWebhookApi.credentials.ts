import type { ICredentialType, INodeProperties, Icon } from 'n8n-workflow';

import { webhookSecretFields } from './webhookSecretFields';

export class GrowthLoopWebhookApi implements ICredentialType {
	name = 'growthLoopWebhookApi';

	displayName = 'GrowthLoop Webhook API';

	icon: Icon = { light: 'file:../icons/growthloop.svg', dark: 'file:../icons/growthloop.dark.svg' };

	documentationUrl = 'https://github.com/n8n-nodes-braze/n8n-nodes-braze/blob/main/docs/growthloop.md';

	properties: INodeProperties[] = webhookSecretFields({
		headerDefault: 'Authorization',
		headerDescription:
			'The header GrowthLoop sends the token in, set in the Headers (JSON) of its HTTP Endpoint destination. With Authorization, both "Bearer" followed by the token and the bare token are accepted.',
		secretName: 'token',
		secretDisplayName: 'Token',
		secretDescription: 'A long random value, the same as in the GrowthLoop header. Calls without it get 401 and start no execution.',
	});
}
