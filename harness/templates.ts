/* eslint-disable @n8n/community-nodes/no-restricted-imports */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { REPO_ROOT } from './runtime';

/** A node of workflow JSON as n8n exports and imports it: in a template of workflows/ or a flow a test builds. */
export interface TemplateNode {
	id?: string;
	name: string;
	type: string;
	typeVersion?: number;
	position?: number[];
	webhookId?: string;
	parameters: Record<string, unknown>;
	credentials?: Record<string, { id: string; name: string }>;
	[key: string]: unknown;
}

/** Workflow JSON: a template of workflows/, or a flow a test or the benchmark builds. */
export interface Template {
	id?: string;
	name: string;
	nodes: TemplateNode[];
	connections: Record<string, unknown>;
	settings?: Record<string, unknown>;
	[key: string]: unknown;
}

/**
 * A template from workflows/ as users import it, minus its workflow `id`: test files share one
 * n8n and import the same template several times, and n8n's import overwrites a workflow with the
 * same id, so each import gets a fresh one (test/e2e/templates-import imports the files as shipped).
 */
export function loadTemplate(file: string): Template {
	const { id, ...template } = JSON.parse(readFileSync(join(REPO_ROOT, 'workflows', file), 'utf8')) as Template;
	void id;
	return template;
}

/**
 * The template pointed at the test's own credentials: several test files share one n8n, so
 * each imports its credential under a fresh id instead of the template's placeholder.
 */
export function withCredentials(template: Template, credentials: Record<string, { id: string; name: string }>): Template {
	return {
		...template,
		nodes: template.nodes.map((node) => {
			if (!node.credentials) return node;
			const replaced = Object.fromEntries(
				Object.entries(node.credentials).map(([type, reference]) => [type, credentials[type] ?? reference]),
			);
			return { ...node, credentials: replaced };
		}),
	};
}

/** A node for a flow built in code, on one row of the canvas at `x`; `extra` adds e.g. credentials or onError. */
export function workflowNode(
	name: string,
	type: string,
	typeVersion: number,
	x: number,
	parameters: Record<string, unknown>,
	extra: Partial<TemplateNode> = {},
): TemplateNode {
	return { id: randomUUID(), name, type, typeVersion, position: [x, 0], parameters, ...extra };
}

/** Connections that run the named nodes one after the other (main output 0 to main input 0). */
export function chain(...names: string[]): Record<string, unknown> {
	const connections: Record<string, unknown> = {};
	for (let i = 0; i < names.length - 1; i++) {
		connections[names[i]] = { main: [[{ node: names[i + 1], type: 'main', index: 0 }]] };
	}
	return connections;
}
