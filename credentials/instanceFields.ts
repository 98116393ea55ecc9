import type { INodeProperties } from 'n8n-workflow';

import { ALLOWED_URL, BRAZE_INSTANCES, CUSTOM_INSTANCE } from '../nodes/shared/braze/instances';

/** The instance picker both Braze credentials share. */
export const instanceFields: INodeProperties[] = [
	{
		displayName: 'Instance',
		name: 'instance',
		type: 'options',
		options: [
			...BRAZE_INSTANCES.map((instance) => ({ name: instance.name, value: instance.url })),
			{ name: 'Custom URL', value: CUSTOM_INSTANCE },
		],
		default: 'https://rest.iad-01.braze.com',
		description:
			'The Braze instance of your dashboard: dashboard-03.braze.com is US-03, dashboard-01.braze.eu is EU-01. A key works only on its own instance.',
	},
	{
		displayName: 'Custom URL',
		name: 'customUrl',
		type: 'string',
		default: '',
		placeholder: 'e.g. https://rest.iad-01.braze.com',
		description:
			'REST endpoint base URL. Must use https://; http:// is accepted only for localhost and 127.0.0.1 (e.g. the local sandbox). Any other URL fails Test with ERR_INVALID_URL and is never sent the key.',
		displayOptions: { show: { instance: [CUSTOM_INSTANCE] } },
	},
];

/** What Test says of a Custom URL the nodes would refuse. */
const CUSTOM_URL_REFUSED =
	"The Custom URL must start with https:// (http:// is allowed only for localhost or 127.0.0.1): the key is not sent anywhere else";

const CUSTOM_URL = 'String($credentials.customUrl ?? "").trim().replace(/\\/+$/, "")';

/**
 * The base URL as an n8n expression, for credential tests, with the nodes' own rule: a Custom URL
 * that is neither https:// nor local http:// stops the test before any request, so the key never goes there
 * (n8n then shows ERR_INVALID_URL: its credential test keeps only an error's code).
 */
export const BASE_URL_EXPRESSION =
	`={{$credentials.instance === "${CUSTOM_INSTANCE}" ` +
	`? (new RegExp(${JSON.stringify(ALLOWED_URL.source)}, "i").test(${CUSTOM_URL}) ? ${CUSTOM_URL} : (() => { throw new Error(${JSON.stringify(CUSTOM_URL_REFUSED)}) })()) ` +
	`: $credentials.instance}}`;
