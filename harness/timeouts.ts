/* Each n8n CLI call (import, execute) starts a Node 24 process: e2e steps take seconds. */
jest.setTimeout(180_000);
