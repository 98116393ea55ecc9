/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-dangerous-functions -- a test: it reads a template and evaluates its expression as n8n would */
/**
 * The warehouse-snapshot template's "Save Applied Snapshot" query, rendered as n8n renders its
 * expression, for a full snapshot and for an empty one (first run, or an emptied audience): issue 13
 * item 8, where an empty snapshot rendered `'undefined'` into a timestamp and the run failed.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

interface Node {
	name: string;
	parameters: { query?: string };
}

const template = JSON.parse(readFileSync(join(__dirname, '..', '..', 'workflows', 'growthloop-warehouse-snapshot.json'), 'utf8')) as { nodes: Node[] };
const query = template.nodes.find((node) => node.name === 'Save Applied Snapshot')!.parameters.query!;

/** n8n's `{{ }}` with `$('Current Snapshot').first()` answering the given item. */
function render(firstItem: Record<string, unknown>): string {
	const $ = (name: string) => {
		if (name !== 'Current Snapshot') throw new Error(`unexpected node ${name}`);
		return { first: () => ({ json: firstItem }) };
	};
	return query.slice(1).replace(/\{\{(.+?)\}\}/g, (_match, expression: string) => String(new Function('$', `return (${expression});`)($)));
}

describe('GrowthLoop warehouse snapshot template', () => {
	it('records the snapshot time of a full snapshot', () => {
		expect(render({ external_id: 'u1', snapshot_at: '2026-12-04T06:00:00Z' })).toContain("NULLIF('2026-12-04T06:00:00Z', '')::timestamptz");
	});

	it('records NULL for an empty snapshot (Always Output Data gives one empty item), never "undefined"', () => {
		const sql = render({});
		expect(sql).not.toContain('undefined');
		expect(sql).toContain("NULLIF('', '')::timestamptz");
	});

	it('reads the previous snapshot through an equality join, so a NULL marker means no previous members', () => {
		const previous = template.nodes.find((node) => node.name === 'Previous Snapshot')!.parameters.query!;
		expect(previous).toMatch(/h\.snapshot_at = a\.snapshot_at/);
	});
});
