/* eslint-disable @n8n/community-nodes/no-restricted-imports */
// Every shipped template imports as shipped: with the CLI, and the way the editor's
// "... > Import > From file" saves it.
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { REPO_ROOT, newId, runN8nCli, sharedN8n, type Template } from '../../harness';

const DIR = join(REPO_ROOT, 'workflows');
const FILES = readdirSync(DIR).filter((file) => file.endsWith('.json')).sort();

/** The file byte for byte as users download it. */
function shipped(file: string): Template & { id: string } {
	return JSON.parse(readFileSync(join(DIR, file), 'utf8')) as Template & { id: string };
}

/** What must survive an import: every node (name, type, version, parameters) and the connections. */
function essence(workflow: Template) {
	const nodes = workflow.nodes
		.map(({ name, type, typeVersion, parameters }) => ({ name, type, typeVersion, parameters }))
		.sort((a, b) => a.name.localeCompare(b.name));
	return { name: workflow.name, nodes, connections: workflow.connections };
}

describe('workflow templates', () => {
	it('each has its own stable id', () => {
		expect(FILES.length).toBeGreaterThan(0);
		const ids = FILES.map((file) => shipped(file).id);
		for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9]{1,36}$/);
		expect(new Set(ids).size).toBe(FILES.length);
	});

	describe('n8n import:workflow --input=<file>', () => {
		// Own user folder, no server: the import writes to the database the CLI opens.
		const userFolder = mkdtempSync(join(tmpdir(), 'n8n-braze-templates-'));
		afterAll(() => rmSync(userFolder, { recursive: true, force: true }));

		it.each(FILES)('imports %s unmodified, with every node', async (file) => {
			const imported = await runN8nCli(userFolder, ['import:workflow', `--input=${join(DIR, file)}`]);
			expect({ code: imported.code, log: imported.stdout.includes('Successfully imported 1 workflow') }).toEqual({ code: 0, log: true });

			const out = join(userFolder, `export-${file}`);
			const exported = await runN8nCli(userFolder, ['export:workflow', `--id=${shipped(file).id}`, `--output=${out}`]);
			expect(exported.code).toBe(0);
			const [stored] = JSON.parse(readFileSync(out, 'utf8')) as Template[];
			expect(stored.id).toBe(shipped(file).id);
			expect(essence(stored)).toEqual(essence(shipped(file)));
		});
	});

	describe('the editor: Import > From file, then save', () => {
		// The editor opens a new workflow under an id of its own (/workflow/new redirects to
		// /workflow/<generated id>?new=true), reads the file into it and saves it with
		// POST /rest/workflows: the file's content with the editor's id.
		const n8n = sharedN8n();

		it.each(FILES)('saves %s with every node, each of a type n8n knows', async (file) => {
			const id = newId();
			const created = await n8n.rest<Template & { id: string }>('POST', '/rest/workflows', { ...shipped(file), id });
			expect(created.id).toBe(id);
			const stored = await n8n.rest<Template>('GET', `/rest/workflows/${id}`);
			expect(essence(stored)).toEqual(essence(shipped(file)));

			const known = new Set((await n8n.nodeTypes()).map((type) => type.name));
			expect(stored.nodes.map((node) => node.type).filter((type) => !known.has(type))).toEqual([]);
		});
	});
});
