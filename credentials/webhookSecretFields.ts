import type { INodeProperties } from 'n8n-workflow';

export interface WebhookSecretFieldsOptions {
	/** The header the partner sends the secret in, by default. */
	headerDefault: string;
	headerDescription: string;
	/** Field name and label of the secret, e.g. secret / Secret. */
	secretName: string;
	secretDisplayName: string;
	secretDescription: string;
}

/**
 * Header name and shared secret of a webhook trigger whose partner sends a fixed secret in a
 * header (Komo, GrowthLoop). A credential, not node parameters: n8n encrypts credentials and
 * never copies them into the workflow each execution keeps.
 */
export function webhookSecretFields(options: WebhookSecretFieldsOptions): INodeProperties[] {
	return [
		{
			displayName: 'Header Name',
			name: 'headerName',
			type: 'string',
			default: options.headerDefault,
			required: true,
			placeholder: `e.g. ${options.headerDefault}`,
			description: options.headerDescription,
		},
		{
			displayName: options.secretDisplayName,
			name: options.secretName,
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: options.secretDescription,
		},
	];
}
