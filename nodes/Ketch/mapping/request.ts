import { type KetchMetadata, RIGHTS_KINDS, type RightsKind } from '../../shared/ketch/protocol';
import { isRecord, readPath } from '../../shared/values';

/** A rights request as the Ketch node needs it: the `ketch` field of a Ketch Trigger item, or typed in. */
export interface RequestRef {
	kind: RightsKind;
	metadata: KetchMetadata;
	callbacks: Array<{ url: string; sealedHeaders?: string }>;
}

/** Reads the request from an item field (dot path, e.g. `ketch`); the error names what is missing. */
export function readRequestRef(json: Record<string, unknown>, field: string): RequestRef {
	const value = readPath(json, field);
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

const LOCAL_HOSTS = /^(localhost|.*\.localhost|127(\.\d{1,3}){3}|\[::1\]|0\.0\.0\.0|\[::\])$/i;

/**
 * Callback URLs must be https to a host other than this machine. Callbacks to this machine (tests,
 * local stand-ins) only when the credential's Allow Local Callbacks is on: otherwise anyone holding
 * the Ketch token could make n8n POST to its own host with headers of their choosing.
 */
export function checkCallbackUrl(url: string, allowLocal = false): void {
	const parsed = parseUrl(url);
	if (parsed === undefined) throw new Error(`Callback URL "${url.slice(0, 200)}" is not a URL`);
	const local = LOCAL_HOSTS.test(parsed.hostname);
	if (local && !allowLocal) {
		throw new Error(`Callback URL ${parsed.origin} points at this machine: turn on Allow Local Callbacks in the Ketch credential (tests only)`);
	}
	if (parsed.protocol !== 'https:' && !(parsed.protocol === 'http:' && local)) {
		throw new Error(`Callback URL ${parsed.origin} must use https:// (http:// only for local callbacks)`);
	}
}

