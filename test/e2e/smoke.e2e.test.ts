/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
// Test harness code: it runs in jest, not inside n8n, so the community-node rules do not apply.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';

import { REPO_ROOT, chain, ensureRuntime, nodeOutput, sharedN8n, workflowNode } from '../../harness';

// One n8n for the whole run (global-setup); each test imports its own workflows.
const n8n = sharedN8n();

const manualTrigger = workflowNode('Manual', 'n8n-nodes-base.manualTrigger', 1, 0, {});

function setNode(name: string, assignments: Array<{ name: string; value: string }>) {
	return workflowNode(name, 'n8n-nodes-base.set', 3.4, 220, {
		assignments: {
			assignments: assignments.map((a) => ({ id: randomUUID(), type: 'string', ...a })),
		},
		options: {},
	});
}

describe('n8n runtime smoke', () => {
	it('starts without error lines in the log', () => {
		const startup = n8n.readLog().slice(0, n8n.state.startupLogLength);
		expect(startup).toContain('Editor is now accessible via');
		const errors = startup.split('\n').filter((line) => /\berror\b/i.test(line));
		expect(errors).toEqual([]);
	});

	it('executes a Manual Trigger + Set workflow with n8n execute', async () => {
		const id = await n8n.importWorkflow({
			name: 'smoke: manual + set',
			nodes: [manualTrigger, setNode('Set', [{ name: 'greeting', value: 'hello from n8n' }])],
			connections: chain('Manual', 'Set'),
		});
		const { run, durationMs } = await n8n.executeWorkflow(id);
		expect(run.data.resultData.error).toBeUndefined();
		expect(nodeOutput(run, 'Set').map((item) => item.json)).toEqual([
			{ greeting: 'hello from n8n' },
		]);
		process.stderr.write(`[e2e] n8n execute took ${durationMs} ms\n`);
	});

	it('runs a published Webhook workflow and lists its execution', async () => {
		const path = `smoke-${randomUUID()}`;
		const webhook = workflowNode(
			'Webhook',
			'n8n-nodes-base.webhook',
			2,
			0,
			{ httpMethod: 'POST', path, responseMode: 'onReceived', options: {} },
			{ webhookId: randomUUID() },
		);
		const set = setNode('Echo', [{ name: 'echoed', value: '={{ $json.body.message }}' }]);
		const id = await n8n.importWorkflow({
			name: 'smoke: webhook',
			nodes: [webhook, set],
			connections: chain('Webhook', 'Echo'),
		});
		// Not published yet: the production URL is not registered.
		expect((await n8n.webhook(path, { message: 'too early' })).status).toBe(404);

		await n8n.publishWorkflow(id);
		const res = await n8n.webhook(path, { message: 'ping' });
		expect(res.status).toBe(200);

		const [summary] = await n8n.waitForExecutions(id, 1);
		expect(summary).toMatchObject({ workflowId: id, status: 'success', mode: 'webhook' });
		const execution = await n8n.getExecution(summary.id);
		expect(nodeOutput(execution.run, 'Echo').map((item) => item.json)).toEqual([
			{ echoed: 'ping' },
		]);
		await n8n.unpublishWorkflow(id);
	});

	it("runs n8n's own credential test and reports OK and Error", async () => {
		// githubApi's test calls GET <server>/user: serve that locally.
		const api: Server = createServer((req, res) => {
			const ok = req.headers.authorization === 'token good-token';
			res.writeHead(ok ? 200 : 401, { 'content-type': 'application/json' });
			res.end(JSON.stringify(ok ? { login: 'e2e' } : { message: 'Bad credentials' }));
		});
		await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve));
		const address = api.address();
		const port = typeof address === 'object' && address ? address.port : 0;
		try {
			const id = await n8n.importCredential({
				name: 'smoke github',
				type: 'githubApi',
				data: { server: `http://127.0.0.1:${port}`, user: 'e2e', accessToken: 'good-token' },
			});
			expect(await n8n.testCredential(id)).toMatchObject({ status: 'OK' });
			const bad = await n8n.testCredential(id, { accessToken: 'bad-token' });
			expect(bad.status).toBe('Error');
			expect(bad.message).toEqual(expect.any(String));
		} finally {
			await new Promise((resolve) => api.close(resolve));
		}
	});

	it("resolves zod and n8n-workflow to n8n's own copies for a package in .n8n/nodes", async () => {
		const id = await n8n.importWorkflow({
			name: 'smoke: resolve probe',
			nodes: [
				manualTrigger,
				workflowNode('Probe', 'n8n-nodes-e2e-probe.resolveProbe', 1, 220, {}),
			],
			connections: chain('Manual', 'Probe'),
		});
		const { run } = await n8n.executeWorkflow(id);
		const [probe] = nodeOutput(run, 'Probe').map((item) => item.json);
		const runtimeModules = join(ensureRuntime().n8nDir, 'node_modules');
		expect(probe.zodParses).toBe(true);
		expect(probe.zodPath).toEqual(expect.stringContaining(runtimeModules));
		expect(probe.workflowPath).toEqual(expect.stringContaining(runtimeModules));
		const n8nWorkflowPkg = JSON.parse(
			readFileSync(join(runtimeModules, 'n8n-workflow', 'package.json'), 'utf8'),
		) as {
			version: string;
			peerDependencies?: Record<string, string>;
			dependencies?: Record<string, string>;
		};
		expect(probe.workflowVersion).toBe(n8nWorkflowPkg.version);
		// The zod our nodes get is the one n8n-workflow pins (a peer dependency in 2.40).
		const pinned = n8nWorkflowPkg.peerDependencies?.zod ?? n8nWorkflowPkg.dependencies?.zod;
		expect(probe.zodVersion).toBe(pinned);
	});
});

// Skipped only under E2E_WITHOUT_PACKAGE=1 (global-setup then installs no package).
const built = n8n.state.package !== undefined;
(built ? describe : describe.skip)('n8n-nodes-braze inside n8n', () => {
	const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
		name: string;
		n8n: { nodes: string[]; credentials: string[] };
	};

	/** `description.name` of every class a built file exports (jest loads dist/ on Node 20). */
	function describedNames(file: string): string[] {
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const exported = require(join(REPO_ROOT, file)) as Record<string, new () => unknown>;
		return Object.values(exported)
			.filter((value) => typeof value === 'function')
			.map((Type) => new Type() as { description?: { name: string }; name?: string })
			.map((instance) => instance.description?.name ?? instance.name ?? '')
			.filter(Boolean);
	}

	it('registers every node listed in package.json as n8n-nodes-braze.<name>', async () => {
		const expected = pkg.n8n.nodes.flatMap(describedNames).map((name) => `${pkg.name}.${name}`);
		expect(expected.length).toBe(pkg.n8n.nodes.length);
		const registered = (await n8n.nodeTypes()).map((type) => type.name);
		for (const name of expected) expect(registered).toContain(name);
	});

	it('registers every credential listed in package.json', async () => {
		const expected = pkg.n8n.credentials.flatMap(describedNames);
		expect(expected.length).toBe(pkg.n8n.credentials.length);
		const registered = (await n8n.credentialTypes()).map((type) => type.name);
		for (const name of expected) expect(registered).toContain(name);
	});

	it('logs no warning or error about the package at start-up', () => {
		// The package loads fully at start-up (no dist/known/*.json, so no lazy loading). The
		// runtime's own cache folder is named after the package too: ignore its paths.
		const runtimeDir = ensureRuntime().runtimeDir;
		const suspicious = n8n
			.readLog()
			.slice(0, n8n.state.startupLogLength)
			.split('\n')
			.map((line) => line.split(runtimeDir).join('<runtime>'))
			.filter((line) => line.includes(pkg.name))
			.filter((line) => /warn|error|fail|could not|unable|deprecat/i.test(line));
		expect(suspicious).toEqual([]);
	});
});
