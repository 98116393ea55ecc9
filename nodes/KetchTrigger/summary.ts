import type { IDataObject } from 'n8n-workflow';

import { isRightsKind } from '../shared/ketch/protocol';
import { sealHeaders } from '../shared/ketch/seal';
import type { KetchCallback, KetchEnvelope } from './schemas';
import type { ResolvedIdentity } from './mapping/identity';

export interface SummaryNotes {
	unmapped: string[];
	stale: string[];
	warnings: string[];
}

/**
 * Callbacks as items may show them: the URL, the names of the headers Ketch gave, and the header
 * values sealed for the Ketch node (see nodes/shared/ketch/seal.ts). Never the values in clear.
 */
export function safeCallbacks(callbacks: KetchCallback[] | undefined, token: string): IDataObject[] {
	return (callbacks ?? []).map((callback) => {
		const headers = callback.headers ?? {};
		const names = Object.keys(headers);
		return {
			url: callback.url,
			headerNames: names,
			...(names.length ? { sealedHeaders: sealHeaders(token, callback.url, headers) } : {}),
		};
	});
}

function defined(record: Record<string, unknown>): IDataObject {
	return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined)) as IDataObject;
}

/** The `ketch` field of the trigger's output item: the request, ids, identity and notes. */
export function summarize(
	envelope: KetchEnvelope,
	identity: ResolvedIdentity | null,
	notes: SummaryNotes,
	token: string,
	reply: IDataObject,
): IDataObject {
	const request = envelope.request as unknown as Record<string, unknown>;
	const summary: Record<string, unknown> = {
		kind: envelope.kind,
		apiVersion: envelope.apiVersion,
		metadata: { ...envelope.metadata },
		controller: request.controller,
		property: request.property,
		environment: request.environment,
		regulation: request.regulation,
		jurisdiction: request.jurisdiction,
		identity: identity
			? {
					identitySpace: identity.source.identitySpace,
					brazeIdentifier: identity.source.as,
					value: 'email' in identity.user ? identity.user.email : identity.user.external_id,
				}
			: null,
		identities: request.identities,
	};
	switch (envelope.kind) {
		case 'ConsentRequest':
			Object.assign(summary, {
				purposes: envelope.request.purposes,
				legalBasis: envelope.request.legalBasis,
				vendors: envelope.request.vendors,
				context: envelope.request.context,
				collectedAt: envelope.request.collectedAt,
			});
			break;
		case 'SubscriptionTopicRequest':
			Object.assign(summary, { topics: envelope.request.topics, submittedTimestamp: envelope.request.submittedTimestamp });
			break;
		case 'SubscriptionControlRequest':
			Object.assign(summary, { controls: envelope.request.controls, submittedTimestamp: envelope.request.submittedTimestamp });
			break;
		default:
			Object.assign(summary, {
				subject: envelope.request.subject,
				purposes: envelope.request.purposes,
				context: envelope.request.context,
				claims: request.claims,
				submittedTimestamp: envelope.request.submittedTimestamp,
				dueTimestamp: envelope.request.dueTimestamp,
				callbacks: safeCallbacks(envelope.request.callbacks, token),
			});
	}
	if (isRightsKind(envelope.kind)) summary.reply = reply;
	if (notes.unmapped.length) summary.unmapped = notes.unmapped;
	if (notes.stale.length) summary.stale = notes.stale;
	if (notes.warnings.length) summary.warnings = notes.warnings;
	return defined(summary);
}
