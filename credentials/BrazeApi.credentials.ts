import type { ICredentialDataDecryptedObject, ICredentialTestRequest, ICredentialType, IHttpRequestOptions, INodeProperties, Icon } from 'n8n-workflow';

import { BASE_URL_EXPRESSION, instanceFields } from './instanceFields';

export class BrazeApi implements ICredentialType {
	name = 'brazeApi';

	displayName = 'Braze API';

	icon: Icon = { light: 'file:../icons/braze.svg', dark: 'file:../icons/braze.dark.svg' };

	documentationUrl = 'https://www.braze.com/docs/api/basics/#creating-rest-api-keys';

	properties: INodeProperties[] = [
		{
			displayName: 'REST API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'Create it in Braze under Settings > APIs and Identifiers, with the permissions of the operations you use (e.g. users.track)',
		},
		...instanceFields,
		{
			displayName: 'Track Batch Limit',
			name: 'trackBatchLimit',
			type: 'options',
			options: [
				{
					name: 'Automatic (75, or 50 if Braze Refuses 75)',
					value: 'auto',
					description: 'Sends 75 objects per request; if Braze refuses that as too large, the run goes on at 50 and says so',
				},
				{ name: '50 Objects in Total (Safe for Every Account)', value: 'combined50' },
				{ name: '75 Objects in Total', value: 'combined75' },
				{ name: '75 per Type (Legacy Accounts)', value: 'legacy75' },
			],
			default: 'auto',
			description:
				'How many attributes, events and purchases one /users/track request may carry. Braze\'s docs differ by contract (75 or 50 combined); Automatic finds out on the first request.',
		},
	];

	/**
	 * A function, not a generic `=Bearer {{$credentials.apiKey}}`: n8n 2.40 evaluates a generic
	 * authenticate expression in its isolated-vm engine on every request (~0.9 ms of main-thread CPU
	 * each, measured with npm run bench -- --cpu-prof), which capped large syncs.
	 */
	async authenticate(credentials: ICredentialDataDecryptedObject, requestOptions: IHttpRequestOptions): Promise<IHttpRequestOptions> {
		return { ...requestOptions, headers: { ...(requestOptions.headers ?? {}), Authorization: `Bearer ${String(credentials.apiKey ?? '')}` } };
	}

	// An empty /users/track call changes nothing and needs only users.track, the permission most keys have.
	test: ICredentialTestRequest = {
		request: {
			baseURL: BASE_URL_EXPRESSION,
			url: '/users/track',
			method: 'POST',
			body: { attributes: [] },
			json: true,
		},
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message:
						'Braze refused the key (401): either the key is wrong, or it belongs to another instance. Check the Instance matches your dashboard URL.',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 403,
					message: 'The key works on this instance but lacks the users.track permission (403). Add it in Braze under Settings > APIs and Identifiers.',
				},
			},
			{
				type: 'responseCode',
				properties: { value: 404, message: 'No Braze REST API at this URL (404): check the Instance or Custom URL.' },
			},
		],
	};
}
