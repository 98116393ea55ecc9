import type { IDataObject } from 'n8n-workflow';

/**
 * The bottom of the road: what one Braze request is, as the transport and the planner both see it.
 * Nothing here knows about changes, so the transport depends on nothing above it.
 */

/** Which credential signs a request: the REST API key, or the partner Cohort Import keys. */
export type CredentialKind = 'brazeApi' | 'brazeCohortApi';

/** Where one change sits in a request body, so Braze's answer can be read back onto it. */
export interface Slot {
	ref: number;
	array: string;
	index: number;
}

export type WriteMethod = 'POST' | 'PATCH' | 'PUT' | 'DELETE';

/** A request as it goes on the wire: path (with `{partner}` filled in by the transport), credential, body. */
export interface BuiltRequest {
	/** POST unless the endpoint says otherwise (the catalog item endpoints use PATCH, PUT and DELETE). */
	method?: WriteMethod;
	endpoint: string;
	credential: CredentialKind;
	body: IDataObject;
	slots: Slot[];
}
