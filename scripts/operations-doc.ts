/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, no-console */
/**
 * `npm run docs:operations`: writes docs/operations.md from the request snapshots alone
 * (test/snapshots/requests/*.json: resource, operation, the requests as the sandbox received them)
 * and test/snapshots/pickers.json (the requests of the resource locators' searches), plus
 * test/snapshots/operations.meta.json (permission, batch size, endpoint notes per operation)
 * and the page's prose, test/snapshots/operations.template.md. `--check` only says whether the
 * committed page is up to date (exit 1 if not). test/snapshots/operations-doc.test.ts runs the same check.
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import type { OperationSnapshot, PickersSnapshot, SnapshotRequest } from '../test/snapshots/snapshot';

const REPO_ROOT = join(__dirname, '..');
export const SNAPSHOTS_DIR = join(REPO_ROOT, 'test', 'snapshots');
export const DOC_FILE = join(REPO_ROOT, 'docs', 'operations.md');

export interface OperationMeta {
	/** Markdown: the API key permission, or what replaces it. */
	permission: string;
	/** Markdown: how much one request carries. */
	perRequest: string;
	/** The endpoint with its path parameters named, e.g. /partners/{partner}/cohorts; every snapshot path must match it. */
	pathTemplate?: string;
	/** Said after the endpoint, in brackets. */
	endpointNote?: string;
	/** The limits.ts constant perRequest starts with (checked by the doc test, not used here). */
	limit?: string;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const cell = (text: string) => text.replace(/\|/g, '\\|');
const anchor = (s: OperationSnapshot) => `${s.resource}-${s.operation.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

function templateMatcher(template: string): RegExp {
	const parts = template.split(/\{[^}]+\}/).map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
	return new RegExp(`^${parts.join('[^/]+')}$`);
}

function queryString(query: SnapshotRequest['query']): string {
	const pairs = Object.entries(query ?? {}).flatMap(([key, value]) => (Array.isArray(value) ? value : [value]).map((v) => `${key}=${v}`));
	return pairs.length ? `?${pairs.join('&')}` : '';
}

/** JSON as sent, laid out for reading: a value stays on one line when it fits in WIDTH characters. */
const WIDTH = 100;
export function formatJson(value: unknown, indent = ''): string {
	const flat = JSON.stringify(value);
	if (value === null || typeof value !== 'object' || indent.length + flat.length <= WIDTH) return flat;
	const inner = `${indent}  `;
	const entries = Array.isArray(value)
		? value.map((v) => `${inner}${formatJson(v, inner)}`)
		: Object.entries(value).map(([key, v]) => `${inner}${JSON.stringify(key)}: ${formatJson(v, inner)}`);
	if (!entries.length) return flat;
	const [open, close] = Array.isArray(value) ? ['[', ']'] : ['{', '}'];
	return `${open}\n${entries.join(',\n')}\n${indent}${close}`;
}

function distinct<T>(values: T[]): T[] {
	return [...new Set(values)];
}

export function readSnapshots(dir = SNAPSHOTS_DIR): OperationSnapshot[] {
	const requestsDir = join(dir, 'requests');
	return readdirSync(requestsDir)
		.filter((file) => file.endsWith('.json'))
		.map((file) => JSON.parse(readFileSync(join(requestsDir, file), 'utf8')) as OperationSnapshot)
		.sort((a, b) => (a.resourceName === b.resourceName ? (a.operationName < b.operationName ? -1 : 1) : a.resourceName < b.resourceName ? -1 : 1));
}

export interface DocMeta {
	/** By `<resource>.<operation>`. */
	operations: Record<string, OperationMeta>;
	/** The permission of each list endpoint the pickers read, by path. */
	pickers: Record<string, string>;
}

export function readMeta(dir = SNAPSHOTS_DIR): DocMeta {
	return JSON.parse(readFileSync(join(dir, 'operations.meta.json'), 'utf8')) as DocMeta;
}

/** "`GET /campaigns/list` (`campaigns.list`), ... and ...", and one query, from pickers.json. */
function pickerFacts(dir: string, permissions: Record<string, string>, clock: string): { endpoints: string; query: string } {
	const snapshot = JSON.parse(readFileSync(join(dir, 'pickers.json'), 'utf8')) as PickersSnapshot;
	if (snapshot.clock !== clock) throw new Error('pickers.json ran at another time than the operation snapshots: rewrite them all with UPDATE_SNAPSHOTS=1');
	const requests = snapshot.pickers.flatMap((picker) => picker.requests);
	if (!requests.length) throw new Error('pickers.json holds no request');
	// The page says "newest first".
	const unsorted = requests.find((request) => request.query?.sort_direction !== 'desc');
	if (unsorted) throw new Error(`A picker reads ${unsorted.path} without sort_direction=desc: the page says newest first`);
	const listed = distinct(requests.map((request) => `${request.method} ${request.path}`)).map((endpoint) => {
		const permission = permissions[endpoint.split(' ')[1]];
		if (!permission) throw new Error(`operations.meta.json names no permission for the picker endpoint ${endpoint}`);
		return `\`${endpoint}\` (${permission})`;
	});
	const endpoints = listed.length > 1 ? `${listed.slice(0, -1).join(', ')} and ${listed[listed.length - 1]}` : listed[0];
	return { endpoints, query: queryString(requests[0].query) };
}

/** The page, from the snapshots, the metadata and the template in `dir`. Throws when they disagree. */
export function renderOperationsDoc(dir = SNAPSHOTS_DIR): string {
	const snapshots = readSnapshots(dir);
	const docMeta = readMeta(dir);
	const meta = docMeta.operations;
	const keys = snapshots.map((s) => `${s.resource}.${s.operation}`);
	const unknown = Object.keys(meta).filter((key) => !keys.includes(key));
	if (unknown.length) throw new Error(`operations.meta.json describes operations without a snapshot: ${unknown.join(', ')}`);
	const clocks = distinct(snapshots.map((s) => s.clock));
	if (clocks.length !== 1) throw new Error(`The snapshots ran at different times (${clocks.join(', ')}): rewrite them all with UPDATE_SNAPSHOTS=1`);

	const rows: string[] = [
		'| Resource | Operation | Method | Braze endpoint | Permission | Per request | Example |',
		'|---|---|---|---|---|---|---|',
	];
	const sections: string[] = [];
	for (const snapshot of snapshots) {
		const key = `${snapshot.resource}.${snapshot.operation}`;
		const facts = meta[key];
		if (!facts) throw new Error(`operations.meta.json has no entry for ${key}: add its permission and batch size`);
		const requests = snapshot.examples.flatMap((example) => example.requests);
		if (!requests.length) throw new Error(`The snapshot of ${key} holds no request`);
		if (facts.pathTemplate) {
			const matcher = templateMatcher(facts.pathTemplate);
			const stray = requests.find((request) => !matcher.test(request.path));
			if (stray) throw new Error(`${key} sent ${stray.path}, which does not match its pathTemplate ${facts.pathTemplate}`);
		}
		const paths = facts.pathTemplate ? [facts.pathTemplate] : distinct(requests.map((request) => request.path));
		const endpoint = paths.map((path) => `\`${path}\``).join(', ') + (facts.endpointNote ? ` (${facts.endpointNote})` : '');
		const examples = snapshot.examples.map((example) => `${plural(example.items, 'item')} → ${plural(example.requests.length, 'request')}`);
		const link = `[${examples.join('; ')}](#${anchor(snapshot)})`;
		const methods = distinct(requests.map((request) => request.method)).join(', ');
		rows.push(`| ${[snapshot.resourceName, snapshot.operationName, methods, endpoint, facts.permission, facts.perRequest, link].map(cell).join(' | ')} |`);

		const parts = [`<a id="${anchor(snapshot)}"></a>\n\n### ${snapshot.resourceName} > ${snapshot.operationName}`];
		for (const example of snapshot.examples) {
			parts.push(`**${example.title}** → ${plural(example.requests.length, 'request')}`);
			for (const request of example.requests) {
				const line = `\`${request.method} ${request.path}${queryString(request.query)}\``;
				parts.push(request.body === undefined ? line : `${line}\n\n\`\`\`json\n${formatJson(request.body)}\n\`\`\``);
			}
		}
		sections.push(parts.join('\n\n'));
	}

	const pickers = pickerFacts(dir, docMeta.pickers, clocks[0]);
	const template = readFileSync(join(dir, 'operations.template.md'), 'utf8');
	return template
		// Function replacements: a `$` in a request body must stay as it is.
		.replace('{{operations table}}', () => rows.join('\n'))
		.replace('{{picker endpoints}}', () => pickers.endpoints)
		.replace('{{picker query}}', () => pickers.query)
		.replace('{{now}}', () => clocks[0])
		.replace('{{examples}}', () => sections.join('\n\n'));
}

if (require.main === module) {
	const page = renderOperationsDoc();
	if (process.argv.includes('--check')) {
		const current = readFileSync(DOC_FILE, 'utf8');
		if (current !== page) {
			console.error('docs/operations.md is out of date: run npm run docs:operations');
			process.exit(1);
		}
		console.log('docs/operations.md is up to date');
	} else {
		writeFileSync(DOC_FILE, page);
		console.log(`wrote ${DOC_FILE}`);
	}
}
