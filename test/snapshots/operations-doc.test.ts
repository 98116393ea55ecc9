/* eslint-disable @n8n/community-nodes/no-restricted-imports */
/** docs/operations.md is generated from the request snapshots: it can never say something they do not. */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import * as limits from '../../nodes/shared/braze/limits';
import { DOC_FILE, type DocMeta, SNAPSHOTS_DIR, readMeta, renderOperationsDoc } from '../../scripts/operations-doc';
import type { OperationSnapshot } from './snapshot';

describe('docs/operations.md', () => {
	it('is exactly what npm run docs:operations generates from the snapshots', () => {
		expect(readFileSync(DOC_FILE, 'utf8')).toBe(renderOperationsDoc());
	});

	it('states the batch sizes the planner uses (limits.ts)', () => {
		const { operations } = readMeta();
		const stated = Object.entries(operations)
			.filter(([, facts]) => facts.limit !== undefined)
			.map(([key, facts]) => [key, Number(/^[\d,]+/.exec(facts.perRequest)?.[0].replace(/,/g, ''))]);
		const used = stated.map(([key]) => [key, (limits as unknown as Record<string, number>)[operations[key as string].limit!]]);
		expect(stated.length).toBeGreaterThan(10);
		expect(stated).toEqual(used);
	});

	describe('the generator', () => {
		let dir: string;
		beforeEach(() => {
			dir = mkdtempSync(join(tmpdir(), 'operations-doc-'));
			cpSync(SNAPSHOTS_DIR, dir, { recursive: true });
		});
		afterEach(() => rmSync(dir, { recursive: true, force: true }));

		const edit = <T>(file: string, change: (value: T) => void) => {
			const path = join(dir, file);
			const value = JSON.parse(readFileSync(path, 'utf8')) as T;
			change(value);
			writeFileSync(path, JSON.stringify(value));
		};

		it('shows a changed request body in the page', () => {
			edit<OperationSnapshot>('requests/email.blocklist.json', (s) => (s.examples[0].requests[0].body = { email: ['changed$&@example.com'] }));
			const page = renderOperationsDoc(dir);
			expect(page).not.toBe(renderOperationsDoc());
			expect(page).toContain('"changed$&@example.com"');
		});

		it('refuses a request whose path does not match the endpoint template', () => {
			edit<OperationSnapshot>('requests/cohort.createOrRename.json', (s) => (s.examples[0].requests[0].path = '/partners/x/other'));
			expect(() => renderOperationsDoc(dir)).toThrow(/\/partners\/x\/other, which does not match its pathTemplate \/partners\/\{partner\}\/cohorts/);
		});

		it('refuses an operation without its permission and batch size', () => {
			edit<DocMeta>('operations.meta.json', (meta) => delete meta.operations['user.merge']);
			expect(() => renderOperationsDoc(dir)).toThrow(/no entry for user\.merge/);
		});
	});
});
