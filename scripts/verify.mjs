// Runs n8n's own community-package scanner (@n8n/scan-community-package, analyzePackage) on both
// what we write (the source) and what we ship (the unpacked npm pack tarball), as n8n's
// verification does after publishing.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import { SOURCE_FILE_PATTERNS, analyzePackage } from '@n8n/scan-community-package/scanner/scanner.mjs';

const root = resolve(import.meta.dirname, '..');
let failed = false;

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
	await leg('scanner on the packed tarball (**/*.js, package.json)', unpacked, ['**/*.js', 'package.json']);
} finally {
	rmSync(work, { recursive: true, force: true });
}

process.exit(failed ? 1 : 0);
