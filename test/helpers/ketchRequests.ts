/**
 * Ketch forwarder requests as Ketch sends them (ketch-forwarder's OpenAPI file and protocol
 * pages), for the unit, e2e and fault tests of the Ketch flows.
 */
import { randomUUID } from 'node:crypto';

export type KetchIdentity = { identitySpace: string; identityFormat?: string; identityValue: string };

export function emailIdentity(email: string): KetchIdentity[] {
	return [{ identitySpace: 'email', identityFormat: 'raw', identityValue: email }];
}

export function subscriptionTopicRequest(options: {
	email: string;
	topics: Record<string, Record<string, { status: string }>>;
	submittedTimestamp: number;
	uid?: string;
	tenant?: string;
}) {
	return {
		apiVersion: 'subscription/v1',
		kind: 'SubscriptionTopicRequest',
		metadata: { uid: options.uid ?? randomUUID(), tenant: options.tenant ?? 'acme' },
		request: { property: 'website', environment: 'production', identities: emailIdentity(options.email), topics: options.topics, submittedTimestamp: options.submittedTimestamp },
	};
}

export function rightsRequest(options: {
	kind: string;
	email: string;
	callbackUrl: string;
	callbackHeaders: Record<string, string>;
	uid?: string;
	identities?: KetchIdentity[];
	submittedTimestamp?: number;
	dueTimestamp?: number;
}) {
	const submitted = options.submittedTimestamp ?? Math.floor(Date.now() / 1000);
	return {
		apiVersion: 'dsr/v1',
		kind: options.kind,
		metadata: { uid: options.uid ?? randomUUID(), tenant: 'acme' },
		request: {
			property: 'website',
			environment: 'production',
			regulation: 'gdpr',
			jurisdiction: 'eugdpr',
			identities: options.identities ?? emailIdentity(options.email),
			callbacks: [{ url: options.callbackUrl, headers: options.callbackHeaders }],
			subject: { email: options.email, firstName: 'Ann', lastName: 'Lee' },
			submittedTimestamp: submitted,
			dueTimestamp: options.dueTimestamp ?? submitted + 30 * 24 * 3600,
		},
	};
}
