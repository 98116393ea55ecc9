/* eslint-disable @n8n/community-nodes/no-dangerous-functions, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
// Test harness code: it runs in jest, not inside n8n, so the community-node rules do not apply.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { freePort, n8nEnv } from './env';
import { ensureRuntime } from './runtime';
import type { Template } from './templates';

export interface CliResult {
	code: number | null;
	/** Set when the process died from a signal (code is then null). */
	signal: NodeJS.Signals | null;
	stdout: string;
	stderr: string;
	durationMs: number;
}

export interface CliOptions {
	env?: Record<string, string>;
	/** Kill the command after this long (default 120 s). */
	timeoutMs?: number;
}

/**
 * Runs `<node24> n8n <args>` on a user folder with the test environment. Safe while a server
 * runs on the same folder: each command gets its own task-broker port. Expressions are
 * evaluated by the quickjs engine here (see below); pass N8N_EXPRESSION_ENGINE to change it.
 */
export async function runN8nCli(
	userFolder: string,
	args: string[],
	options: CliOptions = {},
): Promise<CliResult> {
	const { node24, n8nBin } = ensureRuntime();
	const env = n8nEnv({
		userFolder,
		brokerPort: await freePort(),
		// n8n's default 'vm' engine (isolated-vm) is not disposed when a CLI command exits and
		// Node 24 then dies with SIGSEGV now and then (more often under load), after the work
		// is done. quickjs is disposed cleanly. The server keeps 'vm'.
		env: { N8N_EXPRESSION_ENGINE: 'quickjs', ...options.env },
	});
	const started = Date.now();
	return await new Promise((resolveResult, reject) => {
		const child = spawn(node24, [n8nBin, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
		child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
		const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000);
		child.on('error', (error) => {
			clearTimeout(timer);
			reject(error);
		});
		child.on('close', (code, signal) => {
			clearTimeout(timer);
			resolveResult({ code, signal, stdout, stderr, durationMs: Date.now() - started });
		});
	});
}

async function runOrThrow(userFolder: string, args: string[], options?: CliOptions) {
	const result = await runN8nCli(userFolder, args, options);
	if (result.code !== 0) {
		// Log lines first: run data JSON (execute) can be long and says little about the exit.
		const logLines = result.stdout
			.split('\n')
			.filter((line) => !line.startsWith(' ') && line !== '{' && line !== '}');
		throw new Error(
			`n8n ${args.join(' ')} exited with ${String(result.code ?? result.signal)} after ${result.durationMs} ms\n` +
				`--- log ---\n${logLines.join('\n')}\n--- stderr ---\n${result.stderr}\n` +
				`--- stdout ---\n${result.stdout.slice(0, 4000)}`,
		);
	}
	return result;
}

/** n8n-style id: 16 alphanumeric characters. */
export function newId(): string {
	const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
	return Array.from(randomBytes(16), (byte) => alphabet[byte % alphabet.length]).join('');
}

async function withJsonFile<T>(data: unknown, use: (file: string) => Promise<T>): Promise<T> {
	const dir = mkdtempSync(join(tmpdir(), 'n8n-e2e-import-'));
	const file = join(dir, 'input.json');
	writeFileSync(file, JSON.stringify(data, null, '\t'));
	try {
		return await use(file);
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}

export interface CredentialInput {
	id?: string;
	name: string;
	/** Credential type name, e.g. `brazeApi` (n8n stores community credentials unprefixed). */
	type: string;
	/** Plain data: n8n encrypts it on import with the test encryption key. */
	data: Record<string, unknown>;
}

/** `n8n import:credentials`; returns the credential id (generated when missing). */
export async function importCredential(
	userFolder: string,
	credential: CredentialInput,
): Promise<string> {
	const id = credential.id ?? newId();
	await withJsonFile(
		[{ ...credential, id }],
		async (file) => await runOrThrow(userFolder, ['import:credentials', `--input=${file}`]),
	);
	return id;
}

/** `n8n import:workflow` (imported inactive); returns the workflow id (generated when missing). */
export async function importWorkflow(userFolder: string, workflow: Template): Promise<string> {
	const id = workflow.id ?? newId();
	await withJsonFile(
		{ settings: {}, pinData: {}, ...workflow, id, active: false },
		async (file) => await runOrThrow(userFolder, ['import:workflow', `--input=${file}`]),
	);
	return id;
}

/**
 * `n8n publish:workflow`. n8n says a running server will not see it, but 2.40's publication
 * reconciler (every N8N_WORKFLOW_PUBLICATION_RECONCILE_INTERVAL_SECONDS, default 10) does
 * activate it within ~10 s. Use it before `startN8n`; with a server up, prefer
 * `N8nClient.publishWorkflow` (REST, live when it returns).
 */
export async function publishWorkflowCli(userFolder: string, id: string): Promise<void> {
	await runOrThrow(userFolder, ['publish:workflow', `--id=${id}`]);
}

export interface RunItem {
	json: Record<string, unknown>;
	pairedItem?: unknown;
	[key: string]: unknown;
}

/** The subset of n8n's IRun the tests read. */
export interface RunData {
	status?: string;
	finished?: boolean;
	mode?: string;
	data: {
		resultData: {
			runData: Record<
				string,
				Array<{
					executionStatus?: string;
					error?: { message?: string };
					data?: { main?: Array<RunItem[] | null> };
				}>
			>;
			lastNodeExecuted?: string;
			error?: { message?: string; description?: string };
		};
	};
}

export interface ExecuteResult {
	run: RunData;
	durationMs: number;
}

/** Pulls the JSON object `n8n execute --rawOutput` prints out of the surrounding log lines. */
export function parseRawOutput(stdout: string): RunData {
	const lines = stdout.split('\n');
	const start = lines.findIndex((line) => line === '{');
	const end = lines.lastIndexOf('}');
	if (start < 0 || end < start) throw new Error(`no run data in n8n output:\n${stdout}`);
	return JSON.parse(lines.slice(start, end + 1).join('\n')) as RunData;
}

/**
 * `n8n execute --id=ID --rawOutput` for a workflow that starts with a Manual Trigger.
 * Throws with n8n's output when the run fails (n8n exits non-zero).
 */
export async function executeWorkflow(
	userFolder: string,
	id: string,
	options?: CliOptions,
): Promise<ExecuteResult> {
	const result = await runOrThrow(userFolder, ['execute', `--id=${id}`, '--rawOutput'], options);
	return { run: parseRawOutput(result.stdout), durationMs: result.durationMs };
}

/** Items a node produced on output `output` of its `runIndex`-th run. */
export function nodeOutput(run: RunData, nodeName: string, output = 0, runIndex = 0): RunItem[] {
	const runs = run.data.resultData.runData[nodeName];
	if (!runs?.[runIndex]) throw new Error(`node "${nodeName}" did not run`);
	return runs[runIndex].data?.main?.[output] ?? [];
}

/** `n8n export:nodes`: every node type description n8n loaded (no server needed). */
export async function exportNodes(userFolder: string): Promise<Array<{ name: string }>> {
	const dir = mkdtempSync(join(tmpdir(), 'n8n-e2e-export-'));
	try {
		const file = join(dir, 'nodes.json');
		await runOrThrow(userFolder, ['export:nodes', `--output=${file}`]);
		return JSON.parse(readFileSync(file, 'utf8')) as Array<{ name: string }>;
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}
