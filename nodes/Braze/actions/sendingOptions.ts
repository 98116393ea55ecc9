import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { TransportSettings } from '../../shared/braze/transport';

/** Shared by every operation that writes to Braze: how hard to push, how long to keep trying. */
export const sendingOptions: INodeProperties = {
	displayName: 'Sending Options',
	name: 'sendingOptions',
	type: 'collection',
	placeholder: 'Add option',
	default: {},
	options: [
		{
			displayName: 'Concurrency',
			name: 'concurrency',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 64 },
			default: 32,
			description: 'How many requests may be in flight at once. Braze allows 3,000 /users/track requests per 3 seconds per workspace.',
		},
		{
			displayName: 'Max Tries',
			name: 'maxAttempts',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 10 },
			default: 5,
			description: 'Tries per request when Braze answers 5xx or the connection fails (rate limits are waited out separately)',
		},
		{
			displayName: 'Max Rate Limit Wait (Seconds)',
			name: 'maxRateLimitWaitSeconds',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 60,
			description: 'Longest pause while waiting for Braze\'s rate-limit window to reset',
		},
	],
	displayOptions: { hide: { operation: ['get', 'getUserGroups', 'getStatus', 'getUnsubscribes', 'getHardBounces', 'getMany'] } },
};

export function readSendingOptions(ctx: IExecuteFunctions): Partial<TransportSettings> {
	const options = ctx.getNodeParameter('sendingOptions', 0, {}) as {
		concurrency?: number;
		maxAttempts?: number;
		maxRateLimitWaitSeconds?: number;
	};
	return {
		...(options.concurrency ? { concurrency: options.concurrency } : {}),
		...(options.maxAttempts ? { maxAttempts: options.maxAttempts } : {}),
		...(options.maxRateLimitWaitSeconds ? { maxRateLimitWaitMs: options.maxRateLimitWaitSeconds * 1000 } : {}),
	};
}
