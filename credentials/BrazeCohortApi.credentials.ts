import type { IAuthenticateGeneric, ICredentialTestRequest, ICredentialType, INodeProperties, Icon } from 'n8n-workflow';

import { BASE_URL_EXPRESSION, instanceFields } from './instanceFields';

/**
 * Braze's partner Cohort Import API. Braze issues the partner name and partner API key only to
 * registered technology partners; the customer's data import key comes from the dashboard.
 */
export class BrazeCohortApi implements ICredentialType {
	name = 'brazeCohortApi';

	displayName = 'Braze Cohort Import API';

	icon: Icon = { light: 'file:../icons/braze.svg', dark: 'file:../icons/braze.dark.svg' };

	documentationUrl = 'https://www.braze.com/docs/partners/isv_partners/cohort_import';

	properties: INodeProperties[] = [
		{
			displayName:
				'Braze gives the partner name and partner API key only to registered technology partners (e.g. Kubit). Without them, sync cohorts with the Braze API credential instead: the Kubit node writes them as user attributes.',
			name: 'notice',
			type: 'notice',
			default: '',
		},
		{
			displayName: 'Partner Name',
			name: 'partnerName',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'e.g. kubit',
			description: 'The partner slug Braze assigned, used in the path /partners/{partner}/cohorts',
		},
		{
			displayName: 'Partner API Key',
			name: 'partnerApiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
		},
		{
			displayName: 'Data Import Key',
			name: 'clientSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'The customer\'s key from Braze > Partner Integrations > Technology Partners > (partner)',
		},
		...instanceFields,
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			body: {
				partner_api_key: '={{$credentials.partnerApiKey}}',
				client_secret: '={{$credentials.clientSecret}}',
			},
		},
	};

	test: ICredentialTestRequest = {
		request: {
			baseURL: BASE_URL_EXPRESSION,
			url: '=/partners/{{encodeURIComponent($credentials.partnerName)}}/cohorts/users',
			method: 'POST',
			body: { cohort_id: 'n8n-credential-test', cohort_changes: [] },
			json: true,
		},
		rules: [
			{
				type: 'responseCode',
				properties: { value: 401, message: 'Braze refused the partner API key or the data import key (401).' },
			},
		],
	};
}
