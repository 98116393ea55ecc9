/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-dangerous-functions */
// The README's manual install, run as written on the packed package: no n8n-workflow of its own,
// and n8n loads every node type from it.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

import { REPO_ROOT, ensureRuntime, packPackage, startN8n, type N8nServer } from '../../harness';

const PACKAGE = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
	name: string;
	n8n: { nodes: string[]; credentials: string[] };
};

/** The README's manual install: the folder it changes into and the `npm install` arguments. */
function readmeInstall(): { folder: string; args: string[] } {
	const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
	const section = readme.split(/^## /m).find((part) => part.startsWith('Installation\n'));
	const block = section?.match(/```bash\n([\s\S]*?)```/)?.[1];
	if (!block) throw new Error('README.md: no bash block under ## Installation');
	const lines = block.split('\n').map((line) => line.replace(/#.*/, '').trim());
	const folder = lines.join(' && ').match(/\bcd (\S+)/)?.[1];
	const install = lines.find((line) => line.startsWith('npm install '));
	if (!folder || !install) throw new Error(`README.md install block lacks "cd" or "npm install":\n${block}`);
	return { folder, args: install.split(/\s+/).slice(1) };
}

/** The README's arguments with the package name replaced by the tarball, and nothing else. */
function withTarball(args: string[], tarball: string): string[] {
	expect(args.filter((arg) => arg === PACKAGE.name)).toHaveLength(1);
	return args.map((arg) => (arg === PACKAGE.name ? tarball : arg));
}

/** The environment a user's shell has: none of the npm_config_* that `npm test` hands down. */
function userEnv(nodeBinDir?: string): NodeJS.ProcessEnv {
	const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(npm_|NODE_ENV$|NODE_OPTIONS$)/i.test(key)));
	return nodeBinDir ? { ...env, PATH: `${nodeBinDir}:${env.PATH ?? ''}` } : env;
}

/** The machine's npm, for running it on another Node (Node 24 ships no npm in the `node` package). */
function npmCli(): string {
	const npm = realpathSync(execFileSync('which', ['npm'], { encoding: 'utf8' }).trim());
	return join(dirname(npm), 'npm-cli.js');
}

/** `description.name` (nodes) or `name` (credentials) of every class a built file exports. */
function describedNames(file: string): string[] {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const exported = require(join(REPO_ROOT, file)) as Record<string, new () => { description?: { name: string }; name?: string }>;
	const names = Object.values(exported)
		.filter((value) => typeof value === 'function')
		.map((Type) => new Type())
		.map((instance) => instance.description?.name ?? instance.name ?? '');
	expect(names.filter(Boolean)).toHaveLength(1);
	return names;
}

const built = existsSync(join(REPO_ROOT, 'dist'));
(built ? describe : describe.skip)('manual install as the README says (npm in ~/.n8n/nodes)', () => {
	const work = mkdtempSync(join(tmpdir(), 'n8n-braze-install-'));
	let tarball: string;
	let server: N8nServer | undefined;

	beforeAll(() => {
		// packPackage also installs into the folder it gets: give it a scratch one, keep the tarball.
		tarball = packPackage(join(work, 'scratch')).tarball!;
	});

	afterAll(async () => {
		await server?.stop();
		if (process.env.E2E_KEEP !== '1') rmSync(work, { recursive: true, force: true });
	});

	it('the README installs into ~/.n8n/nodes with one npm install of the package', () => {
		const { folder, args } = readmeInstall();
		expect(folder).toBe('~/.n8n/nodes');
		expect(args[args.length - 1]).toBe(PACKAGE.name);
	});

	const runtimes: Array<[string, () => { node: string; npm: string[] }]> = [
		['npm on the machine Node (jest runs on it)', () => ({ node: 'npm', npm: [] })],
		['npm on the Node 24 that runs n8n', () => ({ node: ensureRuntime().node24, npm: [npmCli()] })],
	];

	it.each(runtimes)('%s adds the package and no n8n-workflow, then n8n loads every node', async (label, runtime) => {
		const userFolder = join(work, label.includes('24') ? 'user-node24' : 'user-machine');
		// A fresh user folder: `~` is the user folder n8n runs on (N8N_USER_FOLDER).
		const nodesDir = join(userFolder, '.n8n', 'nodes');
		mkdirSync(nodesDir, { recursive: true });
		const { node, npm } = runtime();
		const { args } = readmeInstall();
		const nodeBinDir = node === 'npm' ? undefined : dirname(node);
		const nodeVersion = execFileSync(nodeBinDir ? node : 'node', ['-v'], { encoding: 'utf8' }).trim();
		const started = Date.now();
		execFileSync(node, [...npm, ...withTarball(args, tarball)], {
			cwd: nodesDir,
			env: userEnv(nodeBinDir),
			stdio: ['ignore', 'pipe', 'pipe'],
			timeout: 300_000,
		});
		process.stderr.write(`[e2e] README install on Node ${nodeVersion}: ${Date.now() - started} ms\n`);

		expect(existsSync(join(nodesDir, 'node_modules', 'n8n-workflow'))).toBe(false);
		expect(readdirSync(join(nodesDir, 'node_modules')).filter((name) => !name.startsWith('.'))).toEqual([PACKAGE.name]);
		const lock = JSON.parse(readFileSync(join(nodesDir, 'package-lock.json'), 'utf8')) as { packages: Record<string, unknown> };
		expect(Object.keys(lock.packages).filter((path) => path !== '')).toEqual([`node_modules/${PACKAGE.name}`]);

		// One n8n start is enough to prove loading (and costs ~30 s): on the folder n8n's own Node filled.
		if (!label.includes('24')) return;
		server = await startN8n({ userFolder });
		const names = (await server.nodeTypes()).map((type) => type.name);
		const credentialNames = (await server.credentialTypes()).map((type) => type.name);
		for (const file of PACKAGE.n8n.nodes) for (const name of describedNames(file)) expect(names).toContain(`${PACKAGE.name}.${name}`);
		for (const file of PACKAGE.n8n.credentials) for (const name of describedNames(file)) expect(credentialNames).toContain(name);
		const problems = server
			.readLog()
			.split('\n')
			.filter((line) => line.includes(PACKAGE.name) && /warn|error|fail|could not|unable/i.test(line))
			.filter((line) => !line.includes(ensureRuntime().runtimeDir));
		expect(problems).toEqual([]);
	});
});
