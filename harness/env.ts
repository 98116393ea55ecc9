/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports */
// Test harness code: it runs in jest, not inside n8n, so the community-node rules do not apply.
import { createServer } from 'node:net';

/** Fixed so credentials imported by one process decrypt in another. Test-only value. */
export const FIXED_TEST_ENCRYPTION = 'n8n-nodes-braze-e2e-encryption-key-not-secret';

export interface N8nEnvOptions {
	userFolder: string;
	/** HTTP port of `n8n start`; CLI commands get one too but never listen on it. */
	port?: number;
	/** Task broker port: every n8n process starts its own broker, so each needs its own. */
	brokerPort?: number;
	env?: Record<string, string>;
}

/** A TCP port that was free a moment ago on 127.0.0.1. */
export async function freePort(): Promise<number> {
	return await new Promise((resolvePort, reject) => {
		const server = createServer();
		server.unref();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			const port = typeof address === 'object' && address ? address.port : 0;
			server.close(() => resolvePort(port));
		});
	});
}

// Inherited variables that would change how n8n behaves: jest sets NODE_ENV=test, which makes
// n8n refuse to load nodes; NODE_OPTIONS may carry ts-node/jest hooks meant for Node 20.
const DROP =
	/^(NODE_ENV|NODE_OPTIONS|NODE_PATH|JEST_WORKER_ID|TS_JEST.*|npm_.*|N8N_.*|DB_.*|EXECUTIONS_.*|WEBHOOK_URL|GENERIC_TIMEZONE)$/;

/**
 * Environment for any n8n process (server or CLI) on one user folder: SQLite, offline,
 * nothing phoning home, community packages from `<userFolder>/.n8n/nodes`.
 */
export function n8nEnv(options: N8nEnvOptions): NodeJS.ProcessEnv {
	const base: NodeJS.ProcessEnv = {};
	for (const [key, value] of Object.entries(process.env)) {
		if (!DROP.test(key)) base[key] = value;
	}
	const port = options.port ?? 5678;
	return {
		...base,
		NODE_ENV: 'production',
		N8N_USER_FOLDER: options.userFolder,
		N8N_PORT: String(port),
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: '127.0.0.1',
		N8N_PROTOCOL: 'http',
		N8N_WEBHOOK_URL: `http://127.0.0.1:${port}/`,
		N8N_ENCRYPTION_KEY: FIXED_TEST_ENCRYPTION,
		N8N_SECURE_COOKIE: 'false',
		GENERIC_TIMEZONE: 'UTC',
		TZ: 'UTC',
		DB_TYPE: 'sqlite',
		// chmod 600 the settings file instead of warning that its permissions are too wide
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'true',
		// Offline: everything that would call n8n.io, PostHog, the licence server or npm.
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_DIAGNOSTICS_CONFIG_FRONTEND: '',
		N8N_DIAGNOSTICS_CONFIG_BACKEND: '',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_WHATS_NEW_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_DYNAMIC_BANNERS_ENABLED: 'false',
		N8N_AI_ENABLED: 'false',
		// its refresh task fetches api.n8n.io/api/mcp-servers and logs the failure as an error
		// (a 2.x module: n8n 1.x refuses to start when asked to disable a module it does not have)
		...((process.env.N8N_VERSION ?? '2').startsWith('1.') ? {} : { N8N_DISABLED_MODULES: 'mcp-registry' }),
		N8N_PUBLIC_API_SWAGGERUI_DISABLED: 'true',
		EXTERNAL_FRONTEND_HOOKS_URLS: '',
		// Community packages on, but never installed or re-installed from the registry.
		N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
		N8N_REINSTALL_MISSING_PACKAGES: 'false',
		N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
		// true would fetch the vetted-package list from api.n8n.io
		N8N_VERIFIED_PACKAGES_ENABLED: 'false',
		// 2.x always has task runners (only the Code node uses them). Internal mode needs no
		// launcher; n8n still warns that it is deprecated and that Python is missing.
		N8N_RUNNERS_MODE: 'internal',
		N8N_RUNNERS_TASK_TIMEOUT: '60',
		N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
		...(options.brokerPort ? { N8N_RUNNERS_BROKER_PORT: String(options.brokerPort) } : {}),
		// Keep every execution, manual and CLI included, so tests can read them back.
		EXECUTIONS_DATA_SAVE_ON_SUCCESS: 'all',
		EXECUTIONS_DATA_SAVE_ON_ERROR: 'all',
		EXECUTIONS_DATA_SAVE_MANUAL_EXECUTIONS: 'true',
		// Set explicitly only to silence "the default will change" deprecation notices.
		N8N_COMPRESSION_NODE_MAX_DECOMPRESSED_SIZE_BYTES: String(256 * 1024 * 1024),
		N8N_COMPRESSION_NODE_MAX_ZIP_ENTRIES: '1000',
		N8N_LOG_LEVEL: 'info',
		N8N_LOG_OUTPUT: 'console',
		...options.env,
	};
}
