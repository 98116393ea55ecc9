import type { IDataObject } from 'n8n-workflow';

import {
	DSR_API_VERSION,
	type DsrReason,
	type DsrStatus,
	type KetchMetadata,
	RIGHTS_KINDS,
	type RightsKind,
	statusEventKindOf,
} from '../shared/ketch/protocol';

/** A rights request as the Ketch node needs it: the `ketch` field of a Ketch Trigger item, or typed in. */
export interface RequestRef {
	kind: RightsKind;
	metadata: KetchMetadata;
	callbacks: Array<{ url: string; sealedHeaders?: string }>;
}

/** Ketch merges JSON documents across callbacks and limits the total to 1 MB. */
export const MAX_JSON_DOCUMENTS_BYTES = 1024 * 1024;

function isRecord(value: unknown): value is Record<string, unknown> {
	return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Reads the request from an item field (dot path, e.g. `ketch`); the error names what is missing. */
export function readRequestRef(json: IDataObject, field: string): RequestRef {
	const value = field.split('.').reduce<unknown>((current, key) => (isRecord(current) ? current[key] : undefined), json);
	if (!isRecord(value)) {
		throw new Error(`Field "${field}" is missing on the input item: point Request Field at the "ketch" field the Ketch Trigger emits`);
	}
	const kind = value.kind;
	if (typeof kind !== 'string' || !(RIGHTS_KINDS as readonly string[]).includes(kind)) {
		throw new Error(
			`${field}.kind is ${JSON.stringify(kind)}: status events exist only for rights requests (${RIGHTS_KINDS.join(', ')})`,
		);
	}
	const metadata = value.metadata;
	if (!isRecord(metadata) || typeof metadata.uid !== 'string' || typeof metadata.tenant !== 'string') {
		throw new Error(`${field}.metadata needs uid and tenant: pass the "ketch" field of the Ketch Trigger unchanged`);
	}
	const callbacks = Array.isArray(value.callbacks) ? value.callbacks : [];
	return {
		kind: kind as RightsKind,
		metadata: { uid: metadata.uid, tenant: metadata.tenant },
		callbacks: callbacks.map((callback, index) => {
			if (!isRecord(callback) || typeof callback.url !== 'string') throw new Error(`${field}.callbacks[${index}].url is missing`);
			return {
				url: callback.url,
				...(typeof callback.sealedHeaders === 'string' ? { sealedHeaders: callback.sealedHeaders } : {}),
			};
		}),
	};
}

function parseUrl(url: string): URL | undefined {
	try {
		return new URL(url);
	} catch {
		return undefined;
	}
}

/** Callback URLs must be https; plain http only for this machine (tests, local stand-ins). */
export function checkCallbackUrl(url: string): void {
	const parsed = parseUrl(url);
	if (parsed === undefined) throw new Error(`Callback URL "${url.slice(0, 200)}" is not a URL`);
	const local = ['localhost', '127.0.0.1', '[::1]'].includes(parsed.hostname);
	if (parsed.protocol !== 'https:' && !(parsed.protocol === 'http:' && local)) {
		throw new Error(`Callback URL ${parsed.origin} must use https:// (http:// only for localhost)`);
	}
}

/** One embedded JSON document, as Ketch's Document object wants it. */
export function jsonDocument(data: unknown): IDataObject {
	return { data: Buffer.from(JSON.stringify(data), 'utf8').toString('base64'), headers: { 'Content-Type': 'application/json' } };
}

/**
 * The profiles a Braze "Change > Apply" exported for this item (`braze.results[].data`), or
 * undefined when the item holds no export at all.
 */
export function brazeExports(json: IDataObject): { found: IDataObject[]; missing: number } | undefined {
	const braze = json.braze;
	if (!isRecord(braze) || !Array.isArray(braze.results)) return undefined;
	const exports = braze.results.filter((result) => isRecord(result) && result.type === 'export') as IDataObject[];
	if (exports.length === 0) return undefined;
	const found: IDataObject[] = [];
	let missing = 0;
	for (const result of exports) {
		const data = result.data;
		if (isRecord(data) && data.found === true && isRecord(data.user)) found.push(data.user as IDataObject);
		else missing++;
	}
	return { found, missing };
}

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

/** Size of the JSON the documents carry, decoded. */
export function documentsBytes(documents: IDataObject[]): number {
	return documents.reduce((total, document) => total + Buffer.from(String(document.data ?? ''), 'base64').length, 0);
}
