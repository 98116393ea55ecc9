/* eslint-disable @n8n/community-nodes/no-restricted-imports */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { REPO_ROOT } from './runtime';

/** A node of a workflow template in workflows/, as n8n exports it. */
export interface TemplateNode {
	name: string;
	type: string;
	webhookId?: string;
	parameters: Record<string, unknown>;
	credentials?: Record<string, { id: string; name: string }>;
	[key: string]: unknown;
}

export interface Template {
	name: string;
	nodes: TemplateNode[];
	connections: Record<string, unknown>;
	[key: string]: unknown;
}

/** A template from workflows/, exactly as users import it. */
export function loadTemplate(file: string): Template {
	return JSON.parse(readFileSync(join(REPO_ROOT, 'workflows', file), 'utf8')) as Template;
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
