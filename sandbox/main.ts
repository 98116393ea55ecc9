/* eslint-disable no-console, @n8n/community-nodes/no-restricted-globals */
// The sandbox is a dev/test server, not part of the published node: Node built-ins and console are its job.
import { startSandbox, type SandboxOptions, type TrackLimit } from './server';

// CLI: tsx sandbox/main.ts [--port 4010] [--api-key K] [--latency-ms N] [--track-limit combined50]
//   [--rate-limit 3000/3000|off] [--fault-429 0.1] [--fault-5xx 0.03] [--fault-drop 0.01]
//   [--drop-after-apply] [--seed 1] [--host 127.0.0.1] [--permissions a,b]
// Env: SANDBOX_PORT, SANDBOX_API_KEY.

function usage(message: string): never {
	console.error(`${message}\nUsage: tsx sandbox/main.ts [--port N] [--api-key K] [--latency-ms N] [--track-limit legacy|combined75|combined50] [--rate-limit LIMIT/WINDOW_MS|off] [--fault-429 P] [--fault-5xx P] [--fault-drop P] [--drop-after-apply] [--seed N] [--host H] [--permissions a,b] [--export-fields-optional]`);
	process.exit(2);
}

function num(flag: string, v: string | undefined): number {
	const n = Number(v);
	if (v === undefined || Number.isNaN(n)) usage(`${flag} needs a number`);
	return n;
}

export function parseArgs(argv: string[], env: NodeJS.ProcessEnv): SandboxOptions {
	const o: SandboxOptions = {
		port: env.SANDBOX_PORT ? Number(env.SANDBOX_PORT) : 4010,
		apiKey: env.SANDBOX_API_KEY || undefined,
		faults: {},
	};
	const faults = o.faults!;
	for (let i = 0; i < argv.length; i++) {
		const flag = argv[i];
		const value = () => argv[++i];
		switch (flag) {
			case '--port': o.port = num(flag, value()); break;
			case '--host': o.host = value(); break;
			case '--api-key': o.apiKey = value(); break;
			case '--latency-ms': o.latencyMs = num(flag, value()); break;
			case '--seed': o.seed = num(flag, value()); break;
			case '--fault-429': faults.rate429 = num(flag, value()); break;
			case '--fault-5xx': faults.rate5xx = num(flag, value()); break;
			case '--fault-drop': faults.rateDrop = num(flag, value()); break;
			case '--drop-after-apply': faults.dropAfterApply = true; break;
			case '--export-fields-optional': o.exportFieldsRequired = false; break;
			case '--permissions': o.permissions = (value() ?? '').split(',').filter(Boolean); break;
			case '--track-limit': {
				const v = value();
				if (!['legacy', 'combined75', 'combined50'].includes(v)) usage('--track-limit must be legacy, combined75 or combined50');
				o.trackLimit = v as TrackLimit;
				break;
			}
			case '--rate-limit': {
				const v = value();
				if (v === 'off') o.rateLimit = null;
				else {
					const m = /^(\d+)\/(\d+)$/.exec(v ?? '');
					if (!m) usage('--rate-limit must be LIMIT/WINDOW_MS (e.g. 3000/3000) or off');
					o.rateLimit = { limit: Number(m[1]), windowMs: Number(m[2]) };
				}
				break;
			}
			default:
				usage(`Unknown argument: ${flag}`);
		}
	}
	return o;
}

async function main(): Promise<void> {
	const sandbox = await startSandbox(parseArgs(process.argv.slice(2), process.env));
	console.log(`Braze sandbox listening on ${sandbox.url}`);
	const stop = () => {
		sandbox.close().then(
			() => process.exit(0),
			() => process.exit(1),
		);
	};
	process.once('SIGINT', stop);
	process.once('SIGTERM', stop);
}

if (require.main === module) {
	main().catch((err) => {
		console.error(err);
		process.exit(1);
	});
}
