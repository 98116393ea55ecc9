/* eslint-disable @n8n/community-nodes/no-dangerous-functions, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
// Test harness code: it runs in jest, not inside n8n, so the community-node rules do not apply.
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { N8nClient } from './client';
import { freePort, n8nEnv } from './env';
import { ensureRuntime } from './runtime';

export interface StartN8nOptions {
	/** N8N_USER_FOLDER (n8n keeps `.n8n/` in it); a new temp folder when omitted. */
	userFolder?: string;
	/** HTTP port; a free one when omitted. */
	port?: number;
	/** Extra or overriding environment variables. */
	env?: Record<string, string>;
	/** How long to wait for "Editor is now accessible" (default 120 s). */
	timeoutMs?: number;
}

/** What a started n8n leaves behind for other processes (jest workers, teardown). */
export interface N8nServerState {
	url: string;
	port: number;
	userFolder: string;
	logPath: string;
	pid: number;
	startupMs: number;
}

/** A running n8n: its REST client plus a way to stop it. */
export class N8nServer extends N8nClient {
	constructor(
		readonly state: N8nServerState,
		private readonly stopFn: () => Promise<void>,
	) {
		super(state);
	}

	get pid(): number {
		return this.state.pid;
	}

	get startupMs(): number {
		return this.state.startupMs;
	}

	async stop(): Promise<void> {
		await this.stopFn();
	}
}

const READY_LINE = 'Editor is now accessible via';

function alive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}

/**
 * Stops an n8n started by startN8n, from any process that knows its pid: SIGTERM to its
 * process group (n8n and its task runner), SIGKILL after `graceMs`.
 */
export async function stopN8nPid(pid: number, graceMs = 20_000): Promise<void> {
	if (!alive(pid)) return;
	try {
		process.kill(-pid, 'SIGTERM');
	} catch {
		return;
	}
	const deadline = Date.now() + graceMs;
	while (alive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
	if (alive(pid)) {
		try {
			process.kill(-pid, 'SIGKILL');
		} catch {
			// already gone
		}
	}
}

/**
 * Spawns `<node24> n8n start` and waits until the editor is up and /healthz answers.
 * Output (stdout and stderr) goes to `<userFolder>/n8n-server.log`.
 */
export async function startN8n(options: StartN8nOptions = {}): Promise<N8nServer> {
	const { node24, n8nBin } = ensureRuntime();
	const userFolder = options.userFolder ?? mkdtempSync(join(tmpdir(), 'n8n-e2e-'));
	mkdirSync(userFolder, { recursive: true });
	const port = options.port ?? (await freePort());
	const brokerPort = await freePort();
	const url = `http://127.0.0.1:${port}`;
	const logPath = join(userFolder, 'n8n-server.log');
	const log = createWriteStream(logPath, { flags: 'a' });
	const env = n8nEnv({ userFolder, port, brokerPort, env: options.env });

	const started = Date.now();
	// Own process group, so stop() also reaches the task runner n8n spawns.
	const child = spawn(node24, [n8nBin, 'start'], {
		env,
		detached: true,
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	const pid = child.pid;
	if (pid === undefined) throw new Error('could not spawn n8n');
	// Never leave n8n behind if the test process dies without calling stop().
	const killOnExit = () => {
		try {
			process.kill(-pid, 'SIGKILL');
		} catch {
			// already gone
		}
	};
	process.once('exit', killOnExit);

	let output = '';
	let exited: number | null | undefined;
	const onData = (chunk: Buffer) => {
		log.write(chunk);
		if (!output.includes(READY_LINE)) output += chunk.toString();
	};
	child.stdout.on('data', onData);
	child.stderr.on('data', onData);
	const closed = new Promise<void>((resolveClosed) =>
		child.on('close', (code) => {
			exited = code;
			log.end();
			resolveClosed();
		}),
	);

	const stop = async () => {
		process.removeListener('exit', killOnExit);
		if (exited === undefined) {
			await stopN8nPid(pid);
			await closed;
		}
	};

	const deadline = started + (options.timeoutMs ?? 120_000);
	let ready = false;
	while (!ready) {
		if (exited !== undefined) {
			throw new Error(
				`n8n exited with ${String(exited)} while starting, log ${logPath}:\n${tail(logPath)}`,
			);
		}
		if (Date.now() > deadline) {
			await stop();
			throw new Error(`n8n did not start within the timeout, log ${logPath}:\n${tail(logPath)}`);
		}
		if (output.includes(READY_LINE)) ready = await healthy(url);
		if (!ready) await new Promise((r) => setTimeout(r, 200));
	}
	const state: N8nServerState = {
		url,
		port,
		userFolder,
		logPath,
		pid,
		startupMs: Date.now() - started,
	};
	return new N8nServer(state, stop);
}

async function healthy(url: string): Promise<boolean> {
	try {
		const res = await fetch(`${url}/healthz`);
		return res.ok;
	} catch {
		return false;
	}
}

function tail(path: string, lines = 40): string {
	if (!existsSync(path)) return '';
	return readFileSync(path, 'utf8').split('\n').slice(-lines).join('\n');
}
