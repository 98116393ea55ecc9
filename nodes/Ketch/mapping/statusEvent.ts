import type { IDataObject } from 'n8n-workflow';

import { DSR_API_VERSION, type DsrReason, type DsrStatus, type RightsKind, statusEventKindOf } from '../../shared/ketch/protocol';
import { MAX_JSON_DOCUMENTS_BYTES, brazeExports, documentsBytes, jsonDocument } from './documents';
import { type RequestRef, readRequestRef } from './request';

export interface EventOptions {
	status: DsrStatus;
	/** undefined: no reason. */
	reason?: DsrReason;
	documents: IDataObject[];
	placement: 'results' | 'documents';
	resultMessage?: string;
	requestID?: string;
	expectedCompletionTimestamp?: number;
	redirectUrl?: string;
}

/** `<Kind>StatusEvent` for a rights request. */
export function buildStatusEvent(ref: RequestRef, options: EventOptions): IDataObject {
	const event: IDataObject = { status: options.status };
	if (options.reason) event.reason = options.reason;
	if (options.resultMessage) event.resultMessage = options.resultMessage;
	if (options.requestID) event.requestID = options.requestID;
	if (options.expectedCompletionTimestamp) event.expectedCompletionTimestamp = options.expectedCompletionTimestamp;
	if (options.redirectUrl) event.redirectUrl = options.redirectUrl;
	if (options.documents.length) event[options.placement] = options.documents;
	return {
		apiVersion: DSR_API_VERSION,
		kind: statusEventKindOf(ref.kind),
		metadata: { uid: ref.metadata.uid, tenant: ref.metadata.tenant },
		event,
	};
}


/** The Ketch node's parameters for one item, as read from n8n. */
export interface StatusEventSettings {
	request:
		| { source: 'field'; field: string }
		| { source: 'define'; kind: RightsKind; uid: string; tenant: string; callbackUrl: string };
	status: DsrStatus;
	/** `auto`: no_match when a Braze export found nobody, else none. */
	reason: DsrReason | 'auto' | 'none';
	documents: 'auto' | 'json' | 'none';
	/** The Document (JSON) parameter, parsed; only with documents `json`. */
	documentJson?: IDataObject;
	placement: 'results' | 'documents';
	resultMessage?: string;
	requestID?: string;
	expectedCompletionTimestamp?: number;
	redirectUrl?: string;
}

/** The request an item reports on: from its field (Ketch Trigger output) or typed in. */
export function requestOf(json: IDataObject, settings: StatusEventSettings): RequestRef {
	const { request } = settings;
	if (request.source === 'field') return readRequestRef(json, request.field);
	const uid = request.uid.trim();
	const tenant = request.tenant.trim();
	const url = request.callbackUrl.trim();
	if (!uid || !tenant || !url) throw new Error('Request UID, Tenant and Callback URL are required: copy them from the Ketch request');
	return { kind: request.kind, metadata: { uid, tenant }, callbacks: [{ url }] };
}

/** One item's status event: documents from the Braze export or the JSON given, within Ketch's size limit. */
export function statusEventOf(json: IDataObject, ref: RequestRef, settings: StatusEventSettings): IDataObject {
	const { status } = settings;
	let documents: IDataObject[] = [];
	let reason: DsrReason | undefined = settings.reason === 'auto' || settings.reason === 'none' ? undefined : settings.reason;
	const exported = ref.kind === 'AccessRequest' ? brazeExports(json) : undefined;
	if (settings.documents === 'auto' && exported) {
		documents = exported.found.map((user) => jsonDocument({ braze: user }));
	} else if (settings.documents === 'json') {
		if (settings.documentJson === undefined) throw new Error('Document (JSON) must be a JSON object');
		documents = [jsonDocument(settings.documentJson)];
	}
	if (settings.reason === 'auto' && status === 'completed' && exported && exported.found.length === 0) reason = 'no_match';

	const bytes = documentsBytes(documents);
	if (bytes > MAX_JSON_DOCUMENTS_BYTES) {
		throw new Error(
			`The documents hold ${bytes} bytes of JSON; Ketch accepts at most ${MAX_JSON_DOCUMENTS_BYTES}. Set Export Fields in the Ketch Trigger to export fewer Braze fields.`,
		);
	}
	return buildStatusEvent(ref, {
		status,
		reason,
		documents,
		placement: settings.placement,
		resultMessage: settings.resultMessage,
		requestID: settings.requestID,
		expectedCompletionTimestamp: settings.expectedCompletionTimestamp,
		redirectUrl: settings.redirectUrl,
	});
}
