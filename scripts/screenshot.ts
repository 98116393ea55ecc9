/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/require-node-api-error, no-console */
// A dev script, not node code. The page.evaluate / waitForFunction callbacks run in the browser:
/// <reference lib="dom" />
/**
 * `npm run screenshot`: regenerates the README pictures of the n8n editor.
 * Builds (the npm script does), starts the Braze sandbox and a throwaway n8n 2.40.7 (the e2e
 * harness runtime) with the packed package, a "Braze sandbox" and a "Komo webhook" credential
 * and two templates, logs a headless Chromium (Debian's, driven by playwright-core) into the
 * editor and saves:
 *
 *   docs/editor.png       braze-sync-users.json after "Execute workflow" in the editor:
 *                         item counts on the connections, Braze node with a success tick
 *   docs/editor-komo.png  komo-to-braze.json: Komo Trigger -> Braze Apply Changes, sticky notes
 *
 * `npm run screenshot -- --templates [dir]` instead shoots every workflows/*.json as imported (no
 * run) and the panel of each of its package nodes, into dir (default /tmp/n8n-braze-templates):
 * <template>.png and <template>--<node>.png, to check sticky notes and panels by eye.
 *
 * Needs /usr/bin/chromium (`apt-get install -y chromium`; CHROMIUM_PATH overrides the path).
 * Everything started here (sandbox, n8n, browser, temp user folder) is stopped/removed on exit.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';

import type { Browser, Page } from 'playwright-core';

import { startSandbox, type Sandbox } from '../sandbox/server';
import { OWNER } from '../harness/client';
import { importCredential, importWorkflow } from '../harness/cli';
import { freePort } from '../harness/env';
import { packPackage } from '../harness/package';
import { REPO_ROOT, ensureRuntime } from '../harness/runtime';
import { startN8n, type N8nServer } from '../harness/server';
import { loadTemplate, type Template } from '../harness/templates';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const VIEWPORT = { width: 1440, height: 900 };
// n8n ties its auth cookie to the `browser-id` header the editor sends from localStorage.
const BROWSER_ID = 'n8n-nodes-braze-screenshot';
const CHROMIUM_ARGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	// Without these Chromium keeps calling Google services, which this offline setup refuses.
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
];

interface Shot {
	template: string;
	output: string;
	/**
	 * How to run it in the editor before the shot, so the canvas shows item counts and ticks:
	 * 'button' clicks "Execute workflow" (Manual Trigger templates); 'webhook' clicks it and
	 * then sends the trigger's test webhook what the partner would send.
	 */
	execute?: 'button' | 'webhook';
	/** The template as a user would have set it up (e.g. the secret filled in). */
	setUp?: (template: Template) => Template;
	/** For 'webhook': the path under /webhook-test/, headers and body of the partner's call. */
	/** Also shoot the panel (NDV) of each node of this package, as `<output without .png>--<node>.png`. */
	panels?: boolean;
	webhook?: (template: Template) => {
		path: string;
		headers: Record<string, string>;
		body: unknown;
	};
}

const KOMO_SECRET = 'komo-screenshot-secret';
const KOMO_CREDENTIAL = { id: 'komo-webhook', name: 'Komo webhook' };

const SHOTS: Shot[] = [
	{ template: 'braze-sync-users.json', output: 'docs/editor.png', execute: 'button' },
	{
		template: 'komo-to-braze.json',
		output: 'docs/editor-komo.png',
		execute: 'webhook',
		// The trigger's Komo Webhook API credential (imported below) holds the secret.
		setUp: (template) => ({
			...template,
			nodes: template.nodes.map((node) =>
				node.type.endsWith('.komoTrigger')
					? { ...node, credentials: { komoWebhookApi: KOMO_CREDENTIAL } }
					: node,
			),
		}),
		webhook: (template) => {
			const trigger = template.nodes.find((node) => node.type.endsWith('.komoTrigger'));
			if (!trigger?.webhookId)
				throw new Error('komo-to-braze.json: no Komo Trigger with a webhookId');
			return {
				path: `${trigger.webhookId}/webhook`,
				headers: { 'content-type': 'application/json', 'x-komo-token': KOMO_SECRET },
				body: {
					trigger: 'Gameplay.DataCaptured',
					occurredAt: '2026-01-31T12:00:00Z',
					entryId: 'entry-screenshot-1',
					card: { id: 'card-7', name: 'World Cup Predictor' },
					contact: { email: 'ann.komo@example.com', phone: '+447700900123' },
					form: { first_name: 'Ann', last_name: 'Lee', dob: '1990-04-23', favourite_team: 'Reds' },
					answers: [{ id: 'q1', question: 'Who wins the final?', answer: 'Reds', type: 'poll' }],
					consent: { marketing: true },
				},
			};
		},
	},
];

function step(message: string, started: number): void {
	console.log(`[${((Date.now() - started) / 1000).toFixed(1).padStart(5)} s] ${message}`);
}

async function loadPlaywright(): Promise<typeof import('playwright-core')> {
	try {
		return await import('playwright-core');
	} catch {
		throw new Error('playwright-core is not installed: run `npm install` (it is a devDependency).');
	}
}

/** Logs in over REST with our browser id and returns the n8n-auth cookie value. */
async function authCookie(url: string): Promise<string> {
	const res = await fetch(`${url}/rest/login`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', 'browser-id': BROWSER_ID },
		body: JSON.stringify({ emailOrLdapLoginId: OWNER.email, password: OWNER.password }),
	});
	if (!res.ok)
		throw new Error(`login as ${OWNER.email} failed: HTTP ${res.status} ${await res.text()}`);
	const cookie = res.headers
		.getSetCookie()
		.map((value) => value.split(';')[0])
		.find((value) => value.startsWith('n8n-auth='));
	if (!cookie) throw new Error('n8n set no n8n-auth cookie on login');
	return cookie.slice('n8n-auth='.length);
}

/** Closes whatever n8n may pop up over the canvas (modals, banners, toasts, tooltips). */
async function dismissOverlays(page: Page): Promise<void> {
	for (let round = 0; round < 3; round++) {
		await page.keyboard.press('Escape');
		const closers = page.locator(
			[
				'.el-dialog__headerbtn:visible',
				'[data-test-id="dialog-close-button"]:visible',
				'[data-test-id^="banner-"][data-test-id$="-close"]:visible',
				'[data-test-id="notification-banner-dismiss"]:visible',
				'.el-notification__closeBtn:visible',
				'.el-message-box__headerbtn:visible',
			].join(', '),
		);
		const count = await closers.count();
		if (count === 0) return;
		for (let i = count - 1; i >= 0; i--) {
			await closers
				.nth(i)
				.click({ timeout: 2_000 })
				.catch(() => undefined);
		}
		await page.waitForTimeout(300);
	}
}

async function waitForCanvas(page: Page, nodeCount: number): Promise<void> {
	await page.waitForFunction(
		(count) => document.querySelectorAll('[data-test-id="canvas-node"]').length >= count,
		nodeCount,
		{ timeout: 60_000 },
	);
	// Node icons are images / inline SVG loaded after the node boxes: wait for them to decode.
	await page
		.waitForFunction(
			() =>
				Array.from(
					document.querySelectorAll<HTMLImageElement>('[data-test-id="canvas-node"] img'),
				).every((img) => img.complete && img.naturalWidth > 0),
			undefined,
			{ timeout: 15_000 },
		)
		.catch(() => console.log('  (some node icons did not load within 15 s)'));
}

/** POSTs to a test webhook until the editor has registered it (404 until then). */
async function callTestWebhook(
	url: string,
	call: { path: string; headers: Record<string, string>; body: unknown },
) {
	const deadline = Date.now() + 20_000;
	for (;;) {
		const res = await fetch(`${url}/webhook-test/${call.path}`, {
			method: 'POST',
			headers: call.headers,
			body: JSON.stringify(call.body),
		});
		const text = await res.text();
		if (res.ok) return;
		if (res.status !== 404 || Date.now() > deadline) {
			throw new Error(`test webhook ${call.path} -> HTTP ${res.status}: ${text.slice(0, 300)}`);
		}
		await new Promise((r) => setTimeout(r, 250));
	}
}

interface Imported {
	shot: Shot;
	id: string;
	template: Template;
	nodeCount: number;
}

async function takeShot(
	browser: Browser,
	server: N8nServer,
	cookie: string,
	{ shot, id, template, nodeCount }: Imported,
	started: number,
): Promise<void> {
	const context = await browser.newContext({
		viewport: VIEWPORT,
		deviceScaleFactor: 1,
		locale: 'en-US',
	});
	try {
		await context.addCookies([{ name: 'n8n-auth', value: cookie, url: server.state.url }]);
		await context.addInitScript(
			(browserId) => localStorage.setItem('n8n-browserId', browserId),
			BROWSER_ID,
		);
		const page = await context.newPage();
		await page.goto(`${server.state.url}/workflow/${id}`, { waitUntil: 'load' });
		if (/\/signin/.test(page.url()))
			throw new Error('the editor sent the browser to /signin: cookie login failed');
		await waitForCanvas(page, nodeCount);
		await page.waitForTimeout(1_000);
		await dismissOverlays(page);

		if (shot.execute) {
			const before = (await server.listExecutions(id)).length;
			await page.locator('[data-test-id="execute-workflow-button"]').first().click();
			if (shot.execute === 'webhook') {
				if (!shot.webhook) throw new Error(`${shot.template}: execute 'webhook' needs webhook()`);
				await callTestWebhook(server.state.url, shot.webhook(template));
			}
			const [execution] = await server.waitForExecutions(id, before + 1, 60_000);
			if (execution.status !== 'success') {
				throw new Error(
					`editor execution of ${shot.template} ended with status ${execution.status}`,
				);
			}
			step(`  executed in the editor (execution ${execution.id}: ${execution.status})`, started);
			// The canvas shows the run (item counts, ticks) once the push message arrives.
			await page
				.locator('[data-test-id="canvas-node-status-success"]')
				.nth(nodeCount - 1)
				.waitFor({ timeout: 15_000 })
				.catch(() => console.log('  (not every node shows a success tick)'));
			await dismissOverlays(page);
		}

		// Fit the whole workflow, drop focus rings and hover tooltips, let animations settle.
		await page
			.locator('[data-test-id="zoom-to-fit"]')
			.first()
			.click({ timeout: 3_000 })
			.catch(() => undefined);
		await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
		await page.mouse.move(VIEWPORT.width - 300, 30); // empty header, no tooltip there
		await page.waitForTimeout(1_200);

		await page.screenshot({ path: resolve(REPO_ROOT, shot.output), type: 'png' });
		step(`  saved ${shot.output}`, started);
		if (shot.panels) await shootPanels(page, shot, template, started);
	} catch (error) {
		const page = context.pages()[0];
		const failure = join(tmpdir(), `braze-screenshot-failure-${basename(shot.output)}`);
		if (
			page &&
			(await page.screenshot({ path: failure }).then(
				() => true,
				() => false,
			))
		) {
			console.error(`  what the browser showed: ${failure}`);
		}
		throw error;
	} finally {
		await context.close();
	}
}

/** Opens each node of this package in the NDV (double-click), shoots it, closes it again. */
async function shootPanels(page: Page, shot: Shot, template: Template, started: number): Promise<void> {
	const ours = template.nodes.filter((node) => node.type.startsWith('n8n-nodes-braze.'));
	for (const node of ours) {
		const box = page
			.locator(`[data-test-id="canvas-node"][data-node-name="${node.name}"]`)
			.or(page.locator('[data-test-id="canvas-node"]').filter({ hasText: node.name }))
			.first();
		try {
			await box.dblclick({ timeout: 5_000 });
			await page.locator('[data-test-id="ndv"]').first().waitFor({ timeout: 10_000 });
			await page.waitForTimeout(800);
			const output = shot.output.replace(/\.png$/, `--${node.name.replace(/[^A-Za-z0-9]+/g, '-')}.png`);
			await page.screenshot({ path: resolve(REPO_ROOT, output), type: 'png' });
			step(`  saved ${output}`, started);
		} catch (error) {
			console.log(`  (no panel shot of ${node.name}: ${(error as Error).message.split('\n')[0]})`);
		}
		await page.keyboard.press('Escape');
		await page.waitForTimeout(400);
	}
}

/** --templates [dir]: every shipped template, not run, with its panels. */
function templateShots(): Shot[] | undefined {
	const flag = process.argv.indexOf('--templates');
	if (flag < 0) return undefined;
	const next = process.argv[flag + 1];
	const dir = next && !next.startsWith('--') ? resolve(next) : join(tmpdir(), 'n8n-braze-templates');
	mkdirSync(dir, { recursive: true });
	return readdirSync(join(REPO_ROOT, 'workflows'))
		.filter((file) => file.endsWith('.json'))
		.sort()
		.map((file) => ({ template: file, output: join(dir, file.replace(/\.json$/, '.png')), panels: true }));
}

async function main(): Promise<void> {
	const started = Date.now();
	if (!existsSync(CHROMIUM)) {
		throw new Error(
			`Chromium not found at ${CHROMIUM}. Install Debian's: apt-get install -y chromium ` +
				'(or set CHROMIUM_PATH to a Chromium binary). `npx playwright install` is not needed.',
		);
	}
	if (!existsSync(join(REPO_ROOT, 'dist', 'package.json'))) {
		throw new Error(
			'dist/ is missing: run `npm run screenshot` (it builds) or `npm run build` first.',
		);
	}
	const { chromium } = await loadPlaywright();
	ensureRuntime();

	let sandbox: Sandbox | undefined;
	let server: N8nServer | undefined;
	let browser: Browser | undefined;
	const userFolder = mkdtempSync(join(tmpdir(), 'n8n-braze-screenshot-'));
	let cleaning: Promise<void> | undefined;
	const cleanup = () =>
		(cleaning ??= (async () => {
			await browser?.close().catch(() => undefined);
			await server?.stop().catch(() => undefined);
			await sandbox?.close().catch(() => undefined);
			if (process.env.SCREENSHOT_KEEP) console.log(`kept ${userFolder}`);
			else rmSync(userFolder, { recursive: true, force: true });
		})());
	const interrupted = (signal: NodeJS.Signals) => {
		console.error(`\n${signal}: stopping the browser, n8n and the sandbox...`);
		void cleanup().finally(() => process.exit(130));
	};
	process.once('SIGINT', interrupted);
	process.once('SIGTERM', interrupted);
	try {
		sandbox = await startSandbox({ port: await freePort() });
		step(`Braze sandbox at ${sandbox.url}`, started);

		packPackage(userFolder);
		await importCredential(userFolder, {
			id: 'braze-sandbox',
			name: 'Braze sandbox',
			type: 'brazeApi',
			data: {
				apiKey: 'sandbox-api-key',
				instance: 'custom',
				customUrl: sandbox.url,
				trackBatchLimit: 'combined50',
			},
		});
		await importCredential(userFolder, {
			...KOMO_CREDENTIAL,
			type: 'komoWebhookApi',
			data: { headerName: 'X-Komo-Token', secret: KOMO_SECRET },
		});
		const imported: Imported[] = [];
		for (const shot of templateShots() ?? SHOTS) {
			const shipped = loadTemplate(shot.template);
			const template = shot.setUp ? shot.setUp(shipped) : shipped;
			const id = await importWorkflow(userFolder, template);
			const nodeCount = template.nodes.filter((node) => !node.type.endsWith('.stickyNote')).length;
			imported.push({ shot, id, template, nodeCount });
		}
		step(`package, credential and ${imported.length} templates in ${userFolder}`, started);

		server = await startN8n({ userFolder, port: await freePort() });
		step(
			`n8n at ${server.state.url} (started in ${(server.startupMs / 1000).toFixed(1)} s)`,
			started,
		);
		await server.login(); // sets up the owner on this fresh instance
		const cookie = await authCookie(server.state.url);

		try {
			browser = await chromium.launch({
				executablePath: CHROMIUM,
				args: CHROMIUM_ARGS,
				// Our own handlers stop the browser together with n8n and the sandbox.
				handleSIGINT: false,
				handleSIGTERM: false,
				handleSIGHUP: false,
			});
		} catch (error) {
			throw new Error(
				`could not launch ${CHROMIUM} (apt-get install -y chromium): ${(error as Error).message.split('\n')[0]}`,
			);
		}
		step(`Chromium ${browser.version()}`, started);

		mkdirSync(join(REPO_ROOT, 'docs'), { recursive: true });
		for (const entry of imported) {
			step(`${entry.shot.template} -> ${entry.shot.output}`, started);
			await takeShot(browser, server, cookie, entry, started);
		}
	} finally {
		await cleanup();
		process.removeListener('SIGINT', interrupted);
		process.removeListener('SIGTERM', interrupted);
	}
	step('done', started);
}

main().catch((error) => {
	console.error(`screenshot failed: ${(error as Error).message}`);
	process.exitCode = 1;
});
