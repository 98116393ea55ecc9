import type { IDataObject } from 'n8n-workflow';

/**
 * Ketch's webhook protocol (ketch-com/ketch-forwarder, MIT): the kinds it sends, the statuses and
 * reasons a rights request can report, and the envelopes a receiver answers with.
 */

export const CONSENT_KINDS = ['ConsentRequest'] as const;
export const SUBSCRIPTION_KINDS = ['SubscriptionTopicRequest', 'SubscriptionControlRequest'] as const;
export const RIGHTS_KINDS = ['AccessRequest', 'CorrectionRequest', 'DeleteRequest', 'RestrictProcessingRequest'] as const;
export const REQUEST_KINDS = [...CONSENT_KINDS, ...SUBSCRIPTION_KINDS, ...RIGHTS_KINDS] as const;

export type RightsKind = (typeof RIGHTS_KINDS)[number];
export type KetchKind = (typeof REQUEST_KINDS)[number];

export function isRightsKind(kind: string): kind is RightsKind {
	return (RIGHTS_KINDS as readonly string[]).includes(kind);
}

/** The apiVersion each kind is sent with. Consent also accepts dsr/v1: its field table names that one. */
export function apiVersionsOf(kind: KetchKind): string[] {
	if (kind === 'ConsentRequest') return ['consent/v1', 'dsr/v1'];
	if (kind === 'SubscriptionTopicRequest' || kind === 'SubscriptionControlRequest') return ['subscription/v1'];
	return ['dsr/v1'];
}

export const DSR_API_VERSION = 'dsr/v1';

/**
 * Statuses of a rights request: ketch-forwarder's enum. It removed cancelled and denied (commit
 * 73273f2, 2024-06-17): a request Braze could not serve is reported with a reason instead.
 */
export const DSR_STATUSES = ['unknown', 'pending', 'in_progress', 'completed'] as const;
export type DsrStatus = (typeof DSR_STATUSES)[number];

/** Reasons: the OpenAPI enum, plus the ones the Status page lists (need_user_verification, ...). */
export const DSR_REASONS = [
	'unknown',
	'need_user_verification',
	'requested',
	'executed',
	'no_match',
	'insufficient_identification',
	'insufficient_verification',
	'claim_not_covered',
	'outside_jurisdiction',
	'too_many_requests',
	'suspected_fraud',
	'other',
] as const;
export type DsrReason = (typeof DSR_REASONS)[number];

/** Ketch's Error statuses (api/runtime/v1/Error.md). */
export type ErrorStatus =
	| 'conflict'
	| 'internal'
	| 'unavailable'
	| 'invalid'
	| 'not_found'
	| 'timeout'
	| 'canceled'
	| 'forbidden'
	| 'configuration'
	| 'unimplemented';

export interface KetchMetadata {
	uid: string;
	tenant: string;
}

/** `AccessRequest` -> `AccessResponse`. */
export function responseKindOf(kind: RightsKind): string {
	return kind.replace(/Request$/, 'Response');
}

/** `AccessRequest` -> `AccessStatusEvent`. */
export function statusEventKindOf(kind: RightsKind): string {
	return kind.replace(/Request$/, 'StatusEvent');
}

/** The `<Kind>Response` a rights request must get with its 200. */
export function rightsResponse(kind: RightsKind, metadata: KetchMetadata, status: DsrStatus): IDataObject {
	return {
		apiVersion: DSR_API_VERSION,
		kind: responseKindOf(kind),
		metadata: { uid: metadata.uid, tenant: metadata.tenant },
		response: { status },
	};
}

/** Ketch's `Error` envelope; `code` is the HTTP status it goes with. */
export function errorEnvelope(
	apiVersion: string,
	metadata: Partial<KetchMetadata>,
	code: number,
	status: ErrorStatus,
	message: string,
): IDataObject {
	return {
		apiVersion,
		kind: 'Error',
		metadata: { ...(metadata.uid ? { uid: metadata.uid } : {}), ...(metadata.tenant ? { tenant: metadata.tenant } : {}) },
		error: { code, status, message },
	};
}
