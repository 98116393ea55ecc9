import type { ICredentialDataDecryptedObject, ICredentialType, IHttpRequestOptions, INodeProperties, Icon } from 'n8n-workflow';

import { SEALED_HEADERS_HEADER, openHeaders } from '../nodes/shared/ketch/seal';

export class KetchApi implements ICredentialType {
	name = 'ketchApi';

	displayName = 'Ketch Webhook API';

	icon: Icon = { light: 'file:../icons/ketch.svg', dark: 'file:../icons/ketch.dark.svg' };

	documentationUrl = 'https://developers.ketch.com/docs/configuring-webhooks';

	properties: INodeProperties[] = [
		{
			displayName: 'Bearer Token',
			name: 'token',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'The bearer token entered in Ketch under Developers > Webhooks: Ketch sends it as "Authorization: Bearer YOUR_TOKEN". It also seals the callback headers of rights requests, so the Ketch node needs the same credential as the Ketch Trigger.',
		},
	];

	/**
	 * Callback requests carry the headers Ketch gave with the rights request, sealed by the Ketch
	 * Trigger (see nodes/shared/ketch/seal.ts): opened here, so they never appear in items.
	 */
	async authenticate(credentials: ICredentialDataDecryptedObject, requestOptions: IHttpRequestOptions): Promise<IHttpRequestOptions> {
		const headers: Record<string, unknown> = { ...(requestOptions.headers ?? {}) };
		const key = Object.keys(headers).find((name) => name.toLowerCase() === SEALED_HEADERS_HEADER);
		if (key === undefined) return requestOptions;
		const sealed = headers[key];
		delete headers[key];
		if (typeof sealed === 'string' && sealed !== '') {
			Object.assign(headers, openHeaders(String(credentials.token ?? ''), requestOptions.url, sealed));
		}
		return { ...requestOptions, headers: headers as IHttpRequestOptions['headers'] };
	}
}
