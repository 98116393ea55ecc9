// Runs n8n's own community-package scanner (@n8n/scan-community-package, analyzePackage) on both
// what we write (the source) and what we ship (the unpacked npm pack tarball), as n8n's
// verification does after publishing. The Creator Portal runs the scanner's `beta` dist-tag:
// this script says which version it runs and fails when `beta` names another one.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import { SOURCE_FILE_PATTERNS, analyzePackage } from '@n8n/scan-community-package/scanner/scanner.mjs';

const root = resolve(import.meta.dirname, '..');
let failed = false;

const SCANNER = '@n8n/scan-community-package';
const PORTAL_TAG = 'beta';
const installed = JSON.parse(readFileSync(join(root, 'node_modules', SCANNER, 'package.json'), 'utf8')).version;
let tags;
try {
	tags = JSON.parse(execFileSync('npm', ['view', SCANNER, 'dist-tags', '--json'], { encoding: 'utf8', timeout: 30_000 }));
} catch (error) {
	console.log(`(could not read ${SCANNER}'s dist-tags from the registry: ${error.message.split('\n')[0]})`);
}
if (!tags) {
	console.log(`scanner ${SCANNER}@${installed} (dist-tags unknown)`);
} else if (tags[PORTAL_TAG] === undefined) {
	// No beta tag on the registry (today it has only latest): run latest, the newest scanner there is.
	console.log(`scanner ${SCANNER}@${installed}; the registry has no '${PORTAL_TAG}' tag (tags: ${JSON.stringify(tags)})`);
	if (tags.latest !== installed) {
		failed = true;
		console.log(`FAIL installed ${installed} is not latest ${tags.latest}: npm install -D -E ${SCANNER}@${tags.latest}`);
	}
} else if (tags[PORTAL_TAG] !== installed) {
	failed = true;
	console.log(`FAIL the Creator Portal runs ${SCANNER}@${PORTAL_TAG} = ${tags[PORTAL_TAG]}, installed is ${installed}: npm install -D -E ${SCANNER}@${tags[PORTAL_TAG]}`);
} else {
	console.log(`scanner ${SCANNER}@${installed} = the '${PORTAL_TAG}' tag the Creator Portal runs`);
}

async function leg(name, dir, patterns) {
	const result = await analyzePackage(dir, patterns);
	console.log(`${result.passed ? 'PASS' : 'FAIL'} ${name}${result.message ? `: ${result.message}` : ''}`);
	if (!result.passed) {
		failed = true;
		if (result.details) console.log(result.details);
	}
}

await leg('scanner on the source (package.json, nodes/, credentials/)', root, SOURCE_FILE_PATTERNS);

const work = mkdtempSync(join(tmpdir(), 'braze-verify-'));
try {
	const tarball = execFileSync('npm', ['pack', '--silent', '--pack-destination', work], { cwd: root, encoding: 'utf8' })
		.trim()
		.split('\n')
		.pop();
	execFileSync('tar', ['-xzf', join(work, tarball), '-C', work]);
	const unpacked = join(work, 'package');
	console.log(`packed ${tarball}: ${readdirSync(unpacked).join(', ')}`);
	// Scanning a tarball without the built nodes passes and proves nothing: every node and
	// credential package.json lists must be in it (dist/ missing or half-built: npm run build).
	const { n8n } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
	const missing = [...n8n.nodes, ...n8n.credentials].filter((file) => !existsSync(join(unpacked, file)));
	if (missing.length > 0) {
		failed = true;
		console.log(`FAIL the tarball lacks ${missing.length} built file(s), e.g. ${missing[0]}: run npm run build first`);
	}
	await leg('scanner on the packed tarball (**/*.js, package.json)', unpacked, ['**/*.js', 'package.json']);
} finally {
	rmSync(work, { recursive: true, force: true });
}

process.exit(failed ? 1 : 0);
