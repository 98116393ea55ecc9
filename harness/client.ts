/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
// Test harness code: it runs in jest, not inside n8n, so the community-node rules do not apply.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import {
	executeWorkflow,
	importCredential,
	importWorkflow,
	type CliOptions,
	type CredentialInput,
	type ExecuteResult,
	type RunData,
} from './cli';
import { ensureRuntime } from './runtime';
import type { Template } from './templates';

/** Owner account the harness creates on a fresh instance (test-only). */
export const OWNER = {
	email: 'owner@n8n-nodes-braze.test',
	firstName: 'E2e',
	lastName: 'Owner',
	// eslint-disable-next-line @n8n/community-nodes/no-hardcoded-secrets -- throwaway test instance
	password: 'E2e-owner-Passw0rd',
};

// n8n ties the auth cookie to this header; any constant value works for a test client.
const BROWSER_ID = 'n8n-nodes-braze-e2e';

export interface ExecutionSummary {
	id: string;
	workflowId: string;
	status: string;
	mode: string;
	finished: boolean;
	startedAt?: string;
	stoppedAt?: string;
}

export interface ExecutionDetail extends ExecutionSummary {
	/** Same shape as `n8n execute --rawOutput`, so `nodeOutput()` works on both. */
	run: RunData;
}

export interface CredentialTestResult {
	status: 'OK' | 'Error';
	message: string;
}

export interface PublicationStatus {
	status: 'not_published' | 'in_progress' | 'published' | 'partial' | 'failed';
	liveVersionId: string | null;
	pendingVersionId: string | null;
	triggers: Array<{ nodeId: string; status: string; errorMessage?: string | null }>;
}

export interface NodeTypeDescription {
	name: string;
	displayName: string;
	version: number | number[];
	credentials?: Array<{ name: string }>;
	[key: string]: unknown;
}

export interface WebhookResponse {
	status: number;
	headers: Headers;
	body: unknown;
	text: string;
}

const ANSI_COLOUR = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');

type Flatted = { parse: (text: string) => unknown };
let flatted: Flatted | undefined;

/** n8n stores execution data with `flatted`; use the copy n8n itself ships. */
function parseFlatted(text: string): unknown {
	// eslint-disable-next-line @typescript-eslint/no-require-imports -- path known at run time only
	flatted ??= require(join(ensureRuntime().n8nDir, 'node_modules', 'flatted')) as Flatted;
	return flatted.parse(text);
}

export class HttpError extends Error {
	constructor(
		readonly status: number,
		readonly body: string,
		what: string,
	) {
		super(`${what} -> HTTP ${status}: ${body.slice(0, 500)}`);
	}
}

/**
 * Talks to one n8n (by URL and user folder): CLI commands on its folder, the internal REST
 * API (`/rest`, logged in as the owner) and webhooks. Used for a server this process started
 * and for the shared one the jest global setup started.
 */
export class N8nClient {
	readonly url: string;
	readonly userFolder: string;
	readonly logPath: string;
	private cookie: string | undefined;

	constructor(target: { url: string; userFolder: string; logPath: string }) {
		this.url = target.url;
		this.userFolder = target.userFolder;
		this.logPath = target.logPath;
	}

	// ---- CLI on this instance's user folder ----

	async importCredential(credential: CredentialInput): Promise<string> {
		return await importCredential(this.userFolder, credential);
	}

	async importWorkflow(workflow: Template): Promise<string> {
		return await importWorkflow(this.userFolder, workflow);
	}

	/** `n8n execute --id` in a separate process (not the server); see cli.executeWorkflow. */
	async executeWorkflow(id: string, options?: CliOptions): Promise<ExecuteResult> {
		return await executeWorkflow(this.userFolder, id, options);
	}

	// ---- log ----

	readLog(): string {
		return existsSync(this.logPath) ? readFileSync(this.logPath, 'utf8') : '';
	}

	/** Log lines matching `pattern` (e.g. /error/i), ANSI colours stripped. */
	logLines(pattern: RegExp): string[] {
		return this.readLog()
			.replace(ANSI_COLOUR, '')
			.split('\n')
			.filter((line) => pattern.test(line));
	}

	// ---- REST ----

	/**
	 * Sets up the owner on a fresh instance (POST /rest/owner/setup) or logs in when that is
	 * already done; keeps the auth cookie. Called lazily by every REST helper.
	 */
	async login(): Promise<void> {
		if (this.cookie) return;
		let res = await this.raw('POST', '/rest/owner/setup', OWNER);
		if (!res.ok) {
			res = await this.raw('POST', '/rest/login', {
				emailOrLdapLoginId: OWNER.email,
				password: OWNER.password,
			});
		}
		if (!res.ok) throw new HttpError(res.status, await res.text(), 'owner setup / login');
		const cookie = res.headers
			.getSetCookie()
			.map((value) => value.split(';')[0])
			.find((value) => value.startsWith('n8n-auth='));
		if (!cookie) throw new Error('n8n set no n8n-auth cookie');
		this.cookie = cookie;
	}

	private async raw(method: string, path: string, body?: unknown): Promise<Response> {
		return await fetch(`${this.url}${path}`, {
			method,
			headers: {
				'browser-id': BROWSER_ID,
				...(body === undefined ? {} : { 'content-type': 'application/json' }),
				...(this.cookie ? { cookie: this.cookie } : {}),
			},
			body: body === undefined ? undefined : JSON.stringify(body),
		});
	}

	/** Authenticated call; returns the parsed JSON, unwrapping n8n's `{ data }` envelope. */
	async rest<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
		await this.login();
		const res = await this.raw(method, path, body);
		const text = await res.text();
		if (!res.ok) throw new HttpError(res.status, text, `${method} ${path}`);
		const json = text ? (JSON.parse(text) as { data?: unknown }) : {};
		return ('data' in json ? json.data : json) as T;
	}

	/**
	 * Publishes (activates) a workflow on the running server, as the editor's Publish button
	 * does: POST /rest/workflows/:id/activate with the current versionId. 2.40 applies it
	 * asynchronously (publication outbox), so this waits until publication-status says
	 * 'published': its webhooks are live when this returns. Throws with the trigger errors
	 * when activation fails (e.g. a trigger's webhookMethods.create threw).
	 */
	async publishWorkflow(id: string, timeoutMs = 30_000): Promise<void> {
		const workflow = await this.rest<{ versionId: string }>('GET', `/rest/workflows/${id}`);
		await this.rest('POST', `/rest/workflows/${id}/activate`, { versionId: workflow.versionId });
		await this.waitForPublication(id, 'published', timeoutMs);
	}

	/** Deactivates a workflow and waits until its triggers are gone. */
	async unpublishWorkflow(id: string, timeoutMs = 30_000): Promise<void> {
		await this.rest('POST', `/rest/workflows/${id}/deactivate`, {});
		await this.waitForPublication(id, 'not_published', timeoutMs);
	}

	/** GET /rest/workflows/:id/publication-status */
	async publicationStatus(id: string): Promise<PublicationStatus> {
		return await this.rest<PublicationStatus>('GET', `/rest/workflows/${id}/publication-status`);
	}

	private async waitForPublication(
		id: string,
		wanted: PublicationStatus['status'],
		timeoutMs: number,
	): Promise<void> {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const status = await this.publicationStatus(id);
			if (status.status === wanted) return;
			if (wanted === 'published' && (status.status === 'failed' || status.status === 'partial')) {
				const errors = status.triggers.map((t) => `${t.nodeId}: ${t.errorMessage ?? t.status}`);
				throw new Error(`publishing workflow ${id} ${status.status}: ${errors.join('; ')}`);
			}
			if (Date.now() > deadline) {
				throw new Error(`workflow ${id} still ${status.status} after ${timeoutMs} ms`);
			}
			await new Promise((r) => setTimeout(r, 100));
		}
	}

	/** Executions of a workflow, newest first (at most `limit`, max 100). */
	async listExecutions(workflowId: string, limit = 100): Promise<ExecutionSummary[]> {
		const filter = encodeURIComponent(JSON.stringify({ workflowId }));
		const page = await this.rest<{ results: ExecutionSummary[] }>(
			'GET',
			`/rest/executions?filter=${filter}&limit=${limit}`,
		);
		return page.results.map((e) => ({ ...e, id: String(e.id) }));
	}

	/** One execution with its run data decoded (n8n stores it flatted). */
	async getExecution(id: string): Promise<ExecutionDetail> {
		const execution = await this.rest<ExecutionSummary & { data: string }>(
			'GET',
			`/rest/executions/${id}`,
		);
		const { data, ...summary } = execution;
		return {
			...summary,
			id: String(summary.id),
			run: {
				status: summary.status,
				finished: summary.finished,
				mode: summary.mode,
				data: parseFlatted(data) as RunData['data'],
			},
		};
	}

	/**
	 * Polls until the workflow has at least `count` finished executions (any status but
	 * new/running/waiting) and returns them, newest first.
	 */
	async waitForExecutions(
		workflowId: string,
		count = 1,
		timeoutMs = 30_000,
	): Promise<ExecutionSummary[]> {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const done = (await this.listExecutions(workflowId)).filter(
				(e) => !['new', 'running', 'waiting'].includes(e.status),
			);
			if (done.length >= count) return done;
			if (Date.now() > deadline) {
				throw new Error(
					`workflow ${workflowId}: ${done.length}/${count} executions after ${timeoutMs} ms`,
				);
			}
			await new Promise((r) => setTimeout(r, 250));
		}
	}

	/**
	 * Runs n8n's own credential test (the editor's "Retry"/"Save" check): reads the stored
	 * credential redacted, as the editor does, and posts it to /rest/credentials/test, which
	 * restores the secrets server-side. `override` replaces fields (e.g. a wrong API key).
	 */
	async testCredential(
		id: string,
		override: Record<string, unknown> = {},
	): Promise<CredentialTestResult> {
		const stored = await this.rest<{
			id: string;
			name: string;
			type: string;
			data?: Record<string, unknown>;
		}>('GET', `/rest/credentials/${id}?includeData=true`);
		return await this.rest<CredentialTestResult>('POST', '/rest/credentials/test', {
			credentials: {
				id: stored.id,
				name: stored.name,
				type: stored.type,
				data: { ...stored.data, ...override },
			},
		});
	}

	/** Node types the running server registered (what the editor loads: /types/nodes.json). */
	async nodeTypes(): Promise<NodeTypeDescription[]> {
		return await this.rest<NodeTypeDescription[]>('GET', '/types/nodes.json');
	}

	/** Credential types the running server registered (/types/credentials.json). */
	async credentialTypes(): Promise<Array<{ name: string; displayName: string }>> {
		return await this.rest('GET', '/types/credentials.json');
	}

	/** Calls a production webhook: `<url>/webhook/<path>`. JSON body by default. */
	async webhook(
		path: string,
		body?: unknown,
		init: { method?: string; headers?: Record<string, string>; rawBody?: string } = {},
	): Promise<WebhookResponse> {
		const headers: Record<string, string> = { ...init.headers };
		let payload: string | undefined = init.rawBody;
		if (payload === undefined && body !== undefined) {
			payload = JSON.stringify(body);
			headers['content-type'] ??= 'application/json';
		}
		const res = await fetch(`${this.url}/webhook/${path.replace(/^\//, '')}`, {
			method: init.method ?? 'POST',
			headers,
			body: payload,
		});
		const text = await res.text();
		let parsed: unknown = text;
		try {
			parsed = JSON.parse(text);
		} catch {
			// not JSON: keep the text
		}
		return { status: res.status, headers: res.headers, body: parsed, text };
	}
}
