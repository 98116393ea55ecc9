import type { ICredentialDataDecryptedObject, ICredentialType, IHttpRequestOptions, INodeProperties, Icon } from 'n8n-workflow';

import { SEALED_HEADERS_HEADER, openHeaders } from '../nodes/shared/ketch/seal';

/**
 * Headers a request may not choose for its callback: they would speak for n8n's host or its
 * connection (cookies, proxy and forwarding headers), not authenticate to Ketch.
 */
const REFUSED_HEADER = /^(cookie|host|connection|content-length|transfer-encoding|te|upgrade|forwarded|x-forwarded-.*|x-real-ip|proxy-.*)$/i;

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
		{
			displayName: 'Allow Local Callbacks',
			name: 'allowLocalCallbacks',
			type: 'boolean',
			default: false,
			description:
				'Whether the Ketch node may send status events to this machine (localhost, 127.x.x.x, over http). For tests with a local stand-in for Ketch only: leave it off in production.',
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
			const opened = openHeaders(String(credentials.token ?? ''), requestOptions.url, sealed);
			for (const [name, value] of Object.entries(opened)) if (!REFUSED_HEADER.test(name)) headers[name] = value;
		}
		return { ...requestOptions, headers: headers as IHttpRequestOptions['headers'] };
	}
}
