/* eslint-disable @n8n/community-nodes/no-restricted-imports */
// The sandbox is a dev/test server, not part of the published node: Node built-ins and console are its job.
import type { IncomingMessage } from 'node:http';

export function readBody(req: IncomingMessage): Promise<string> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
		req.on('error', reject);
	});
}

// An empty body is not JSON either: a POST without one gets 400 Invalid JSON, as a JSON API would answer.
export function parseJson(raw: string): { ok: true; value: unknown } | { ok: false } {
	try {
		return { ok: true, value: JSON.parse(raw) };
	} catch {
		return { ok: false };
	}
}
