import type { ICredentialType, INodeProperties, Icon } from 'n8n-workflow';

import { webhookSecretFields } from './webhookSecretFields';

export class BrazeWebhookApi implements ICredentialType {
	name = 'brazeWebhookApi';

	displayName = 'Braze Webhook API';

	icon: Icon = { light: 'file:../icons/braze.svg', dark: 'file:../icons/braze.dark.svg' };

	documentationUrl = 'https://github.com/n8n-nodes-braze/n8n-nodes-braze/blob/main/docs/braze-trigger.md';

	properties: INodeProperties[] = webhookSecretFields({
		headerDefault: 'X-Braze-Webhook-Token',
		headerDescription:
			'Webhook campaigns and Canvas steps: the request header you add in Braze (Settings > Request Headers). Currents ignores it: Braze always sends Authorization: Bearer.',
		secretName: 'token',
		secretDisplayName: 'Token',
		secretDescription:
			'A long random value (e.g. from openssl rand -hex 32): the Custom HTTP connector bearer token in Currents, or the header value in a webhook message. Calls without it get 401 and start no execution.',
	});
}
