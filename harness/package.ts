/* eslint-disable @n8n/community-nodes/no-dangerous-functions, @n8n/community-nodes/no-restricted-imports */
// Test harness code: it runs in jest, not inside n8n, so the community-node rules do not apply.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { REPO_ROOT } from './runtime';

export interface InstalledPackage {
	name: string;
	version: string;
	/** `<userFolder>/.n8n/nodes/node_modules/<name>` */
	dir: string;
	/** The tarball npm pack made (packPackage only), kept in `<userFolder>/pack-*`. */
	tarball?: string;
}

interface PackageJson {
	name: string;
	version: string;
	dependencies?: Record<string, string>;
	devDependencies?: Record<string, string>;
	peerDependencies?: Record<string, string>;
	optionalDependencies?: Record<string, string>;
	[key: string]: unknown;
}

function nodesFolder(userFolder: string): string {
	return join(userFolder, '.n8n', 'nodes');
}

/** Adds the package to `.n8n/nodes/package.json`, the ledger n8n keeps of what it installed. */
function recordInLedger(userFolder: string, name: string, version: string): void {
	const ledgerPath = join(nodesFolder(userFolder), 'package.json');
	const ledger = existsSync(ledgerPath)
		? (JSON.parse(readFileSync(ledgerPath, 'utf8')) as Record<string, unknown>)
		: { name: 'installed-nodes', private: true };
	const dependencies = { ...(ledger.dependencies as Record<string, string>), [name]: version };
	writeFileSync(ledgerPath, JSON.stringify({ ...ledger, dependencies }, null, 2));
}

/**
 * Installs an unpacked package folder the way Settings > Community Nodes does after its
 * `npm pack` + untar: copy to `.n8n/nodes/node_modules/<name>`, drop dev/peer/optional
 * dependencies from its package.json, record it in `.n8n/nodes/package.json`. Node types then
 * load as `<name>.<node>`. Restart n8n (or install before starting it) to load it.
 * Packages with runtime dependencies are refused: verified community nodes may not have any.
 */
export function installPackageDir(userFolder: string, sourceDir: string): InstalledPackage {
	const pkg = JSON.parse(readFileSync(join(sourceDir, 'package.json'), 'utf8')) as PackageJson;
	if (pkg.dependencies && Object.keys(pkg.dependencies).length > 0) {
		throw new Error(`${pkg.name} has runtime dependencies; n8n would npm install them`);
	}
	const dir = join(nodesFolder(userFolder), 'node_modules', pkg.name);
	rmSync(dir, { recursive: true, force: true });
	mkdirSync(dir, { recursive: true });
	execFileSync('cp', ['-R', `${sourceDir}/.`, dir]);
	const { devDependencies, peerDependencies, optionalDependencies, ...stripped } = pkg;
	void devDependencies;
	void peerDependencies;
	void optionalDependencies;
	writeFileSync(join(dir, 'package.json'), JSON.stringify(stripped, null, 2));
	recordInLedger(userFolder, pkg.name, pkg.version);
	return { name: pkg.name, version: pkg.version, dir };
}

/**
 * `npm pack` of the repository (needs a prior `npm run build`: only `dist/` is packed) and
 * installs the tarball into `<userFolder>/.n8n/nodes` like the Community Nodes installer.
 */
export function packPackage(userFolder: string, packageDir: string = REPO_ROOT): InstalledPackage {
	if (!existsSync(join(packageDir, 'dist'))) {
		throw new Error(`${packageDir}/dist is missing: run npm run build first`);
	}
	// Inside the user folder, so the tarball goes away with it.
	mkdirSync(userFolder, { recursive: true });
	const out = mkdtempSync(join(userFolder, 'pack-'));
	// --ignore-scripts: prepublish/prepack hooks would lint or rebuild; the build already ran.
	const json = execFileSync(
		'npm',
		['pack', '--json', '--ignore-scripts', '--pack-destination', out],
		{ cwd: packageDir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
	);
	const [{ filename }] = JSON.parse(json) as Array<{ filename: string }>;
	const tarball = join(out, filename);
	const unpacked = join(out, 'unpacked');
	mkdirSync(unpacked);
	execFileSync('tar', ['-xzf', tarball, '-C', unpacked, '--strip-components=1']);
	const installed = installPackageDir(userFolder, unpacked);
	rmSync(unpacked, { recursive: true, force: true });
	return { ...installed, tarball };
}
