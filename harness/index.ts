/**
 * End-to-end harness: runs n8n-nodes-braze inside a real n8n 2.40.7 (Node 24), driven from
 * jest on Node 20.
 *
 * Runtime
 *   ensureRuntime(): Runtime           paths of node24 and the n8n bin; runs
 *                                      scripts/n8n-runtime.sh first if its marker is missing
 *
 * Packages (install BEFORE starting n8n: it scans .n8n/nodes only at start-up)
 *   packPackage(userFolder, dir?)      npm pack the repo (dist/ must be built) and install it
 *                                      like Settings > Community Nodes: node types are
 *                                      `n8n-nodes-braze.<name>`
 *   installPackageDir(userFolder, dir) same for an unpacked folder (test fixtures)
 *
 * Server
 *   startN8n({ userFolder?, port?, env?, timeoutMs? }): N8nServer
 *                                      `n8n start` on SQLite, offline, quiet; resolves when
 *                                      "Editor is now accessible" and /healthz answers.
 *                                      N8nServer = N8nClient + { stop(), pid, startupMs, state }
 *   n8nEnv({ userFolder, port?, env? }) the environment every n8n process gets
 *
 * CLI (on a user folder; fine while a server runs on it; ~2.5 s each, a Node 24 process that
 * boots n8n; expressions run on the quickjs engine there, see cli.ts)
 *   importCredential(userFolder, { id?, name, type, data }): id     data in plain text
 *   importWorkflow(userFolder, workflowJson): id                     imported inactive
 *   publishWorkflowCli(userFolder, id)      for a server started afterwards (a running one
 *                                           picks it up only after up to ~10 s)
 *   executeWorkflow(userFolder, id): { run, durationMs }            Manual Trigger workflows
 *   exportNodes(userFolder)                 node types as `n8n export:nodes` sees them
 *   nodeOutput(run, nodeName, output?, runIndex?): items
 *   runN8nCli(userFolder, args)             anything else
 *
 * N8nClient (REST as the owner it sets up / logs in lazily, plus the CLI bound to its folder)
 *   importCredential, importWorkflow, executeWorkflow
 *   publishWorkflow(id) / unpublishWorkflow(id)   live on the running server when it returns
 *                                      (REST activate + wait for publicationStatus(id));
 *                                      throws with the trigger's error if activation fails
 *   webhook(path, body?, { method?, headers?, rawBody? })  POST <url>/webhook/<path>
 *   listExecutions(workflowId): ExecutionSummary[]          newest first
 *   waitForExecutions(workflowId, count?, timeoutMs?)       finished ones, newest first
 *   getExecution(id): { status, ..., run }                  run works with nodeOutput()
 *   testCredential(id, override?): { status: 'OK' | 'Error', message }
 *   nodeTypes() / credentialTypes()                         what the editor gets
 *   readLog() / logLines(regex)
 *   rest(method, path, body?)                               any other /rest call
 *
 * jest
 *   global-setup.ts / global-teardown.ts start and stop ONE shared n8n for the run, with
 *   n8n-nodes-braze packed from dist/ (must be built; E2E_WITHOUT_PACKAGE=1 starts without it)
 *   and the probe package. E2E_KEEP=1 keeps its folder (database, log). timeouts.ts
 *   (setupFilesAfterEnv) sets the per-test timeout. In a test: `const n8n = sharedN8n();`
 *   (`n8n.state` has url, userFolder, logPath, package, startupMs, ...).
 */
export * from './cli';
export * from './client';
export * from './env';
export * from './package';
export * from './runtime';
export * from './server';
export * from './shared';
export * from './random';
export * from './templates';
