/* eslint-disable @n8n/community-nodes/no-restricted-imports, no-console */
// The sandbox is a dev/test server, not part of the published node: Node built-ins and console are its job.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { handleRequest } from './pipeline';
import { resolveOptions, type FaultOptions, type SandboxOptions } from './options';
import { Runtime } from './runtime';
import type { SandboxState } from './state/state';

// A local HTTP server that behaves like the Braze REST API (see sandbox/README.md).

export type { BucketName, FaultOptions, PartnerOptions, RateLimitRule, SandboxOptions, TrackLimit } from './options';
export { SandboxState } from './state/state';
export { FIXTURE_IDS } from './state/catalog';

export interface Sandbox {
	url: string;
	port: number;
	state: SandboxState;
	close(): Promise<void>;
	reset(): void;
	setFaults(f: FaultOptions): void;
	setOptions(o: Partial<SandboxOptions>): void;
}

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
	const rt = new Runtime(resolveOptions(options));
	const server = createServer((req, res) => {
		handleRequest(rt, req, res).catch((err) => {
			console.error('sandbox request failed', err);
			if (!res.headersSent) {
				res.writeHead(500, { 'Content-Type': 'application/json' });
				res.end(JSON.stringify({ message: 'Internal Server Error' }));
			} else res.destroy();
		});
	});
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(rt.options.port, rt.options.host, () => {
			server.off('error', reject);
			resolve();
		});
	});
	const port = (server.address() as AddressInfo).port;
	const host = rt.options.host.includes(':') ? `[${rt.options.host}]` : rt.options.host;
	return {
		url: `http://${host}:${port}`,
		port,
		state: rt.state,
		close: () =>
			new Promise<void>((resolve, reject) => {
				server.close((err) => (err ? reject(err) : resolve()));
				server.closeAllConnections();
			}),
		reset: () => rt.reset(),
		setFaults: (f) => rt.setFaults(f),
		setOptions: (o) => rt.setOptions(o),
	};
}
