import type { ICredentialType, INodeProperties, Icon } from 'n8n-workflow';

import { webhookSecretFields } from './webhookSecretFields';

export class KomoWebhookApi implements ICredentialType {
	name = 'komoWebhookApi';

	displayName = 'Komo Webhook API';

	icon: Icon = { light: 'file:../icons/komo.svg', dark: 'file:../icons/komo.dark.svg' };

	documentationUrl = 'https://github.com/n8n-nodes-braze/n8n-nodes-braze/blob/main/docs/komo.md';

	properties: INodeProperties[] = webhookSecretFields({
		headerDefault: 'X-Komo-Token',
		headerDescription: 'The header Komo sends the secret in. Add it under Headers in the HTTP Request step of the Komo Workflow.',
		secretName: 'secret',
		secretDisplayName: 'Secret',
		secretDescription:
			'A long random value, the same as in the Komo header (e.g. from openssl rand -hex 32). Requests without it get 401 and start no execution.',
	});
}
