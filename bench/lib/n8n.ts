/* eslint-disable @n8n/community-nodes/no-dangerous-functions, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/require-node-api-error */
// Benchmark tooling: it runs beside n8n, never inside it, so the community-node rules do not apply.
/**
 * Real n8n for the benchmark, through the e2e harness: one template user folder (the packed
 * package installed, credentials and workflows imported once with the n8n CLI), copied into a
 * fresh folder for every measured run, so each run starts from the same idle n8n and its peak RSS
 * and CPU seconds are its own.
 */
import { execFileSync } from 'node:child_process';
import {
	copyFileSync,
	existsSync,
	mkdirSync,
	mkdtempSync,
	readdirSync,
	rmSync,
	writeFileSync,
} from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';

import {
	type InstalledPackage,
	N8nClient,
	type N8nServer,
	REPO_ROOT,
	newId,
	packPackage,
	runN8nCli,
	startN8n,
	type Template,
} from '../../harness';

/**
 * Builds the package from the working tree into `dir` the way `n8n-node build` does (tsc, then the
 * .png/.svg files and __schema__ JSON next to the output), without touching the repository's dist/:
 * other work may rebuild dist/ while the benchmark runs. Returns `dir`, ready for `npm pack`.
 */
export function buildPackageCopy(dir: string): string {
	mkdirSync(dir, { recursive: true });
	const tsc = require.resolve('typescript/bin/tsc', { paths: [REPO_ROOT] });
	try {
		execFileSync(
			process.execPath,
			[
				tsc,
				'-p',
				join(REPO_ROOT, 'tsconfig.json'),
				'--outDir',
				join(dir, 'dist'),
				'--incremental',
				'false',
			],
			{
				cwd: REPO_ROOT,
				encoding: 'utf8',
				stdio: ['ignore', 'pipe', 'pipe'],
			},
		);
	} catch (error) {
		const e = error as { stdout?: string; stderr?: string };
		throw new Error(
			`tsc failed on the working tree:\n${(e.stdout ?? '').slice(0, 4000)}${(e.stderr ?? '').slice(0, 2000)}`,
		);
	}
	const walk = (folder: string) => {
		for (const entry of readdirSync(folder, { withFileTypes: true })) {
			if (['node_modules', 'dist', '.git'].includes(entry.name)) continue;
			const path = join(folder, entry.name);
			if (entry.isDirectory()) walk(path);
			else if (
				/\.(png|svg)$/.test(entry.name) ||
				(/\.json$/.test(entry.name) && path.includes('/__schema__/'))
			) {
				const target = join(dir, 'dist', relative(REPO_ROOT, path));
				mkdirSync(dirname(target), { recursive: true });
				copyFileSync(path, target);
			}
		}
	};
	walk(REPO_ROOT);
	for (const file of ['package.json', 'README.md', 'LICENSE.md', 'CHANGELOG.md']) {
		if (existsSync(join(REPO_ROOT, file))) copyFileSync(join(REPO_ROOT, file), join(dir, file));
	}
	return dir;
}

/** The prepared n8n user folder every run copies. */
export interface TemplateFolder {
	userFolder: string;
	installed: InstalledPackage;
	/** Workflow ids by key, as imported. */
	workflows: Record<string, string>;
}

export interface CredentialSpec {
	id: string;
	name: string;
	type: string;
	data: Record<string, unknown>;
}

async function cli(userFolder: string, args: string[]): Promise<void> {
	const result = await runN8nCli(userFolder, args, { timeoutMs: 300_000 });
	if (result.code !== 0) {
		throw new Error(
			`n8n ${args.join(' ')} exited with ${String(result.code ?? result.signal)}:\n${result.stdout.slice(-3000)}\n${result.stderr.slice(-3000)}`,
		);
	}
}

/** Packs and installs the package, imports credentials and workflows (two CLI calls in all). */
export async function prepareTemplate(
	root: string,
	packageDir: string,
	credentials: CredentialSpec[],
	workflows: Record<string, Template>,
): Promise<TemplateFolder> {
	const userFolder = join(root, 'template');
	mkdirSync(userFolder, { recursive: true });
	const installed = packPackage(userFolder, packageDir);
	const files = mkdtempSync(join(tmpdir(), 'n8n-bench-import-'));
	try {
		const credentialsFile = join(files, 'credentials.json');
		writeFileSync(credentialsFile, JSON.stringify(credentials));
		await cli(userFolder, ['import:credentials', `--input=${credentialsFile}`]);
		const ids: Record<string, string> = {};
		const list = Object.entries(workflows).map(([key, workflow]) => {
			ids[key] = newId();
			return { pinData: {}, ...workflow, id: ids[key], active: false };
		});
		const workflowsFile = join(files, 'workflows.json');
		writeFileSync(workflowsFile, JSON.stringify(list));
		await cli(userFolder, ['import:workflow', `--input=${workflowsFile}`]);
		return { userFolder, installed, workflows: ids };
	} finally {
		rmSync(files, { recursive: true, force: true });
	}
}

export interface FreshN8n {
	server: N8nServer;
	client: N8nClient;
	userFolder: string;
	stop(): Promise<void>;
}

/** A copy of the template folder and an n8n started on it. */
export async function startFresh(
	template: TemplateFolder,
	root: string,
	label: string,
	env: Record<string, string>,
): Promise<FreshN8n> {
	const userFolder = join(root, `run-${label}-${Date.now()}`);
	execFileSync('cp', ['-a', template.userFolder, userFolder]);
	const server = await startN8n({ userFolder, env, timeoutMs: 300_000 });
	const client = new N8nClient(server.state);
	await client.login();
	return {
		server,
		client,
		userFolder,
		stop: async () => {
			await server.stop();
		},
	};
}

export interface WebhookResult {
	status: number;
	body: string;
	ms: number;
}

/**
 * POST to a production webhook and wait for the answer, however long the run takes (fetch gives up
 * after 300 s without response headers; a 1,000,000-item run can take longer).
 */
export async function postWebhook(
	baseUrl: string,
	path: string,
	body: unknown,
): Promise<WebhookResult> {
	const url = new URL(`/webhook/${path}`, baseUrl);
	const payload = JSON.stringify(body);
	const started = performance.now();
	return await new Promise((resolve, reject) => {
		const req = request(
			url,
			{
				method: 'POST',
				headers: {
					'content-type': 'application/json',
					'content-length': Buffer.byteLength(payload),
				},
			},
			(res) => {
				let text = '';
				res.setEncoding('utf8');
				res.on('data', (chunk: string) => (text += chunk));
				res.on('end', () =>
					resolve({ status: res.statusCode ?? 0, body: text, ms: performance.now() - started }),
				);
				res.on('error', reject);
			},
		);
		req.setTimeout(0);
		req.on('error', reject);
		req.end(payload);
	});
}
