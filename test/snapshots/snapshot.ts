/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
/** The committed request snapshots: their shape, where they live, and how a run becomes one. */
import { join } from 'node:path';

import type { RequestLogEntry } from '../../sandbox/request-log';

export const REQUESTS_DIR = join(__dirname, 'requests');

export interface SnapshotRequest {
	method: string;
	path: string;
	query?: Record<string, string | string[]>;
	body?: unknown;
}

export interface OperationSnapshot {
	resource: string;
	resourceName: string;
	operation: string;
	operationName: string;
	/** The node's clock while the examples ran (an ISO time). */
	clock: string;
	examples: Array<{
		title: string;
		/** Input items of the example. */
		items: number;
		requests: SnapshotRequest[];
	}>;
}

/** The requests the resource locators' "From List" searches send. */
export interface PickersSnapshot {
	clock: string;
	pickers: Array<{ method: string; requests: SnapshotRequest[] }>;
}

export const PICKERS_FILE = join(__dirname, 'pickers.json');

export const snapshotFile = (resource: string, operation: string) => join(REQUESTS_DIR, `${resource}.${operation}.json`);

/** Secrets the node's credentials put into requests, and what the snapshots show instead. */
export function redactor(secrets: Record<string, string>) {
	const redact = (value: unknown): unknown => {
		if (typeof value === 'string') return secrets[value] ?? value;
		if (Array.isArray(value)) return value.map(redact);
		if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, v]) => [key, redact(v)]));
		return value;
	};
	return redact;
}

/** What the sandbox received, without timing, status or anything the credential adds in headers. */
export function toSnapshotRequest(entry: RequestLogEntry, redact: (value: unknown) => unknown): SnapshotRequest {
	return {
		method: entry.method,
		path: redact(entry.path) as string,
		...(Object.keys(entry.query).length ? { query: redact(entry.query) as Record<string, string | string[]> } : {}),
		...(entry.body !== undefined ? { body: redact(entry.body) } : {}),
	};
}

export const serialize = (snapshot: OperationSnapshot | PickersSnapshot) => `${JSON.stringify(snapshot, null, '\t')}\n`;
