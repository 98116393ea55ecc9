/* eslint-disable @typescript-eslint/no-explicit-any */
// Test code: runs the Braze node's execute() against the sandbox, with the sandbox's fixed dev keys.
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { Braze } from '../../nodes/Braze/Braze.node';
import type { Sandbox } from '../../sandbox/server';
import { createContext } from '../helpers/nodeContext';

export const API_KEY = 'sandbox-api-key';
export const PARTNER = { partnerName: 'sandbox-partner', partnerApiKey: 'sandbox-partner-key', clientSecret: 'sandbox-data-import-key' };

export function credentialsFor(sb: Sandbox, overrides: { apiKey?: string; clientSecret?: string } = {}): Record<string, IDataObject> {
	return {
		brazeApi: { instance: 'custom', customUrl: sb.url, apiKey: overrides.apiKey ?? API_KEY },
		brazeCohortApi: { instance: 'custom', customUrl: sb.url, ...PARTNER, ...(overrides.clientSecret ? { clientSecret: overrides.clientSecret } : {}) },
	};
}

export interface RunOptions {
	parameters: Record<string, unknown> | ((itemIndex: number) => Record<string, unknown>);
	items?: INodeExecutionData[];
	continueOnFail?: boolean;
	credentials?: Record<string, IDataObject>;
	executionId?: string;
}

/** Quick retries, so fault tests stay fast. */
export const FAST = { sendingOptions: { maxAttempts: 2 } };

export function contextFor(sb: Sandbox, options: RunOptions) {
	const ctx = createContext({
		parameters: options.parameters,
		items: options.items,
		continueOnFail: options.continueOnFail,
		credentials: options.credentials ?? credentialsFor(sb),
	});
	// n8n gives every execution an id; the helper context has none.
	return Object.assign(ctx, { getExecutionId: () => options.executionId ?? 'execution-1' });
}

/** Runs the node and returns its single output, plus the requests it made. */
export async function run(sb: Sandbox, options: RunOptions): Promise<{ output: INodeExecutionData[]; requests: Array<{ method: string; url: string; body?: any }> }> {
	const ctx = contextFor(sb, options);
	const [output] = await new Braze().execute.call(ctx as never);
	return { output, requests: ctx.requests };
}

/** Runs the node expecting it to throw; returns the error. */
export async function runFailing(sb: Sandbox, options: RunOptions): Promise<Error & { description?: string; context?: IDataObject }> {
	try {
		await run(sb, options);
	} catch (error) {
		return error as Error;
	}
	throw new Error('expected the node to throw');
}

/** One item per value, e.g. items(['u1', 'u2']) → [{json: {id: 'u1'}}, ...]. */
export function items(values: unknown[], key = 'id'): INodeExecutionData[] {
	return values.map((value) => ({ json: { [key]: value } as IDataObject }));
}

/** Posts straight to the sandbox, to set up state the test then reads or changes. */
export async function seed(sb: Sandbox, path: string, body: unknown): Promise<any> {
	const response = await fetch(`${sb.url}${path}`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', authorization: `Bearer ${API_KEY}` },
		body: JSON.stringify(body),
	});
	const text = await response.text();
	if (response.status >= 300) throw new Error(`seed ${path} answered ${response.status}: ${text}`);
	return text ? JSON.parse(text) : undefined;
}

/** Bodies the sandbox received on an endpoint, oldest first. */
export function received(sb: Sandbox, path: string): any[] {
	return sb.state.requests.list({ path }).map((entry) => entry.body);
}

export function json(output: INodeExecutionData[]): IDataObject[] {
	return output.map((item) => item.json);
}
