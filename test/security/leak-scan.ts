/* eslint-disable @n8n/community-nodes/no-restricted-imports */
/**
 * Secret-leak scanner for a running n8n (used by the fault suite and by the last e2e test file):
 *
 *  - secrets: every credential's secret fields, read back decrypted with
 *    `n8n export:credentials --all --decrypted` (webhook secrets too: Ketch, Komo and GrowthLoop
 *    keep theirs in credentials, `token` / `secret`; their Header Name is no secret), plus any
 *    secret / token / password / key parameter of every stored workflow (a node that still kept a
 *    secret as a parameter), plus any the caller adds;
 *  - places: every execution n8n kept (REST: the run data, i.e. node outputs and error messages,
 *    and separately the copy of the workflow each execution stores), n8n's log, and any text the
 *    caller adds (CLI output, webhook replies);
 *  - forms: the secret as is, base64 (Basic auth), URL-encoded, and JSON-escaped.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { type N8nClient, type Template, runN8nCli } from '../../harness';

export interface Secret {
	/** Where it comes from, e.g. "credential brazeApi 'Braze e2e'.apiKey". */
	origin: string;
	value: string;
}

export interface Place {
	name: string;
	text: string;
}

export interface Leak {
	origin: string;
	/** The secret, masked: its first 3 characters. */
	masked: string;
	place: string;
	form: string;
	/** Up to 60 characters around the hit, the secret itself masked. */
	context: string;
}

/** Credential fields that are not secret (URLs, choices, names). */
const NOT_SECRET_FIELD = /^(instance|customUrl|url|baseUrl|region|trackBatchLimit|partnerName|name|allowedDomains|authentication|headerName|environment|oauthTokenData)$/i;
/** Node parameters that hold a secret. */
const SECRET_PARAMETER = /(secret|token|password|apikey|api_key|passphrase|signingkey|privatekey)$/i;
/** Shorter values are too likely to occur by chance (and are no secret anyway). */
const MIN_LENGTH = 8;

export function mask(value: string): string {
	return `${value.slice(0, 3)}***`;
}

function forms(value: string): Array<[string, string]> {
	const out: Array<[string, string]> = [
		['plain', value],
		['base64', Buffer.from(value, 'utf8').toString('base64')],
		['url-encoded', encodeURIComponent(value)],
		['json-escaped', JSON.stringify(value).slice(1, -1)],
	];
	const seen = new Set<string>();
	return out.filter(([, v]) => v.length >= MIN_LENGTH && !seen.has(v) && (seen.add(v), true));
}

export function findLeaks(secrets: Secret[], places: Place[]): Leak[] {
	const leaks: Leak[] = [];
	for (const secret of secrets) {
		if (secret.value.length < MIN_LENGTH) continue;
		for (const [form, needle] of forms(secret.value)) {
			for (const place of places) {
				let at = place.text.indexOf(needle);
				let hits = 0;
				while (at >= 0 && hits < 3) {
					const context = place.text.slice(Math.max(0, at - 30), at + needle.length + 30).split(needle).join(mask(secret.value));
					leaks.push({ origin: secret.origin, masked: mask(secret.value), place: place.name, form, context });
					hits++;
					at = place.text.indexOf(needle, at + needle.length);
				}
			}
		}
	}
	return leaks;
}

function collectStrings(value: unknown, path: string, out: Array<[string, string]>, fieldFilter: (key: string) => boolean): void {
	if (typeof value === 'string') {
		out.push([path, value]);
		return;
	}
	if (Array.isArray(value)) value.forEach((v, i) => collectStrings(v, `${path}[${i}]`, out, fieldFilter));
	else if (value && typeof value === 'object') {
		for (const [k, v] of Object.entries(value)) if (fieldFilter(k)) collectStrings(v, path ? `${path}.${k}` : k, out, fieldFilter);
	}
}

/** Every credential's secret fields (webhook secrets included), decrypted, and every secret kept as a node parameter. */
export async function secretsOf(userFolder: string, env?: Record<string, string>): Promise<Secret[]> {
	const dir = mkdtempSync(join(tmpdir(), 'n8n-leak-scan-'));
	try {
		const secrets: Secret[] = [];
		const credentialsFile = join(dir, 'credentials.json');
		const creds = await runN8nCli(userFolder, ['export:credentials', '--all', '--decrypted', `--output=${credentialsFile}`], { env });
		if (creds.code === 0) {
			const list = JSON.parse(readFileSync(credentialsFile, 'utf8')) as Array<{ name: string; type: string; data: Record<string, unknown> }>;
			for (const credential of list) {
				const strings: Array<[string, string]> = [];
				collectStrings(credential.data, '', strings, (key) => !NOT_SECRET_FIELD.test(key));
				for (const [field, value] of strings) secrets.push({ origin: `credential ${credential.type} '${credential.name}'.${field}`, value });
			}
		} else if (!/No credentials found/i.test(creds.stdout + creds.stderr)) {
			throw new Error(`export:credentials failed: ${creds.stderr || creds.stdout}`);
		}
		const workflowsFile = join(dir, 'workflows.json');
		const flows = await runN8nCli(userFolder, ['export:workflow', '--all', `--output=${workflowsFile}`], { env });
		if (flows.code === 0) {
			const list = JSON.parse(readFileSync(workflowsFile, 'utf8')) as Template[];
			for (const workflow of list) {
				for (const node of workflow.nodes) {
					for (const [key, value] of Object.entries(node.parameters ?? {})) {
						if (SECRET_PARAMETER.test(key) && typeof value === 'string' && !value.startsWith('=')) {
							secrets.push({ origin: `node parameter ${node.type}.${key} ('${node.name}' in '${workflow.name}')`, value });
						}
					}
				}
			}
		} else if (!/No workflows found/i.test(flows.stdout + flows.stderr)) {
			throw new Error(`export:workflow failed: ${flows.stderr || flows.stdout}`);
		}
		// One value may serve several credentials: scan it once.
		const seen = new Set<string>();
		return secrets.filter((s) => s.value.length >= MIN_LENGTH && !seen.has(s.value) && (seen.add(s.value), true));
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}

interface ExecutionRow {
	id: string | number;
	workflowId: string;
	status: string;
}

/** Every execution n8n kept, newest first, paging through the REST list. */
export async function allExecutions(n8n: N8nClient): Promise<ExecutionRow[]> {
	const rows: ExecutionRow[] = [];
	let lastId: string | undefined;
	for (;;) {
		const query = `limit=100${lastId ? `&lastId=${lastId}` : ''}`;
		const page = await n8n.rest<{ results: ExecutionRow[] }>('GET', `/rest/executions?${query}`);
		rows.push(...page.results);
		if (page.results.length < 100) return rows;
		lastId = String(page.results[page.results.length - 1].id);
	}
}

/**
 * The places to search on an n8n: per execution, its run data (node outputs, error messages) and
 * its stored workflow copy as two places; the whole log as one.
 */
export async function placesOf(n8n: N8nClient): Promise<{
	runData: Place[];
	workflowCopies: Place[];
	log: Place;
	database: Place;
	executions: number;
	unreadable: string[];
}> {
	const runData: Place[] = [];
	const workflowCopies: Place[] = [];
	const unreadable: string[] = [];
	const executions = await allExecutions(n8n);
	for (const row of executions) {
		let detail: { data?: string; workflowData?: unknown; [key: string]: unknown };
		try {
			detail = await n8n.rest('GET', `/rest/executions/${row.id}`);
		} catch (error) {
			// Still searched: the database file below holds it.
			unreadable.push(`execution ${row.id} (workflow ${row.workflowId}, ${row.status}): ${(error as Error).message.slice(0, 200)}`);
			continue;
		}
		const { workflowData, ...rest } = detail;
		runData.push({ name: `execution ${row.id} (workflow ${row.workflowId}) run data`, text: JSON.stringify(rest) });
		workflowCopies.push({ name: `execution ${row.id} (workflow ${row.workflowId}) stored workflow`, text: JSON.stringify(workflowData ?? null) });
	}
	return {
		runData,
		workflowCopies,
		log: { name: `n8n log ${n8n.logPath}`, text: n8n.readLog() },
		database: databasePlace(n8n.userFolder),
		executions: executions.length,
		unreadable,
	};
}

/**
 * The SQLite files as bytes (latin1, so every byte maps to one character): credentials are
 * stored encrypted there, so a credential secret in clear is a leak wherever it sits.
 */
export function databasePlace(userFolder: string): Place {
	const dir = join(userFolder, '.n8n');
	const parts: string[] = [];
	for (const file of ['database.sqlite', 'database.sqlite-wal']) {
		try {
			parts.push(readFileSync(join(dir, file)).toString('latin1'));
		} catch {
			// no such file (e.g. PostgreSQL)
		}
	}
	return { name: `database files in ${dir}`, text: parts.join('\n') };
}

export function describeLeaks(leaks: Leak[]): string {
	return leaks.map((l) => `${l.masked} (${l.origin}) in ${l.place} [${l.form}]: …${l.context}…`).join('\n');
}
