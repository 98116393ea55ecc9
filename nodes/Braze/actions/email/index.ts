import type { INodeProperties } from 'n8n-workflow';

import * as blocklist from './blocklist.operation';
import * as getHardBounces from './getHardBounces.operation';
import * as getUnsubscribes from './getUnsubscribes.operation';
import * as removeHardBounce from './removeHardBounce.operation';
import * as removeSpam from './removeSpam.operation';
import * as setGlobalStatus from './setGlobalStatus.operation';

export const operations = { blocklist, getHardBounces, getUnsubscribes, removeHardBounce, removeSpam, setGlobalStatus };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['email'] } },
		options: [
			{ name: 'Blocklist', value: 'blocklist', action: 'Blocklist an email address', description: 'Unsubscribe an address and mark it as hard bounced' },
			{ name: 'Get Hard Bounces', value: 'getHardBounces', action: 'Get hard bounced emails', description: 'List addresses that hard bounced, by date range or address' },
			{ name: 'Get Unsubscribes', value: 'getUnsubscribes', action: 'Get unsubscribed emails', description: 'List addresses that unsubscribed, by date range or address' },
			{ name: 'Remove Hard Bounce', value: 'removeHardBounce', action: 'Remove a hard bounced email', description: 'Take an address off the hard bounce lists so Braze emails it again' },
			{ name: 'Remove Spam', value: 'removeSpam', action: 'Remove email from spam list', description: 'Take an address off the spam lists of Braze and the email provider' },
			{
				name: 'Set Global Status',
				value: 'setGlobalStatus',
				action: 'Set the global email status',
				description: 'Set an address to subscribed, opted in or unsubscribed for all email',
			},
		],
		default: 'setGlobalStatus',
	},
	...blocklist.description,
	...getHardBounces.description,
	...getUnsubscribes.description,
	...removeHardBounce.description,
	...removeSpam.description,
	...setGlobalStatus.description,
];
