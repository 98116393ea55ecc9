import type { IDataObject, IExecuteFunctions, INode, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

/**
 * Per-item failures in one shape for every node: the message starts with `[item N]`, the error
 * carries `itemIndex` (so n8n points at the item), and under "Continue On Fail" the item becomes
 * an output item with `error` instead of stopping the run.
 */

const ITEM_PREFIX = /^\[item \d+\] /;

/** `[item N] message`, prefixed once; node-level messages (no item) stay as they are. */
export function itemMessage(message: string, itemIndex?: number): string {
	if (itemIndex === undefined || ITEM_PREFIX.test(message)) return message;
	return `[item ${itemIndex}] ${message}`;
}

/** An error about one item (or, without an index, about the node's settings). */
export function itemError(node: INode, message: string, itemIndex?: number, description?: string): NodeOperationError {
	return new NodeOperationError(node, itemMessage(message, itemIndex), {
		...(itemIndex === undefined ? {} : { itemIndex }),
		...(description ? { description } : {}),
	});
}

/** Anything thrown while handling an item, as that item's error; a NodeOperationError is kept. */
export function asItemError(node: INode, error: unknown, itemIndex: number): NodeOperationError {
	if (error instanceof NodeOperationError) return error;
	return itemError(node, error instanceof Error ? error.message : String(error), itemIndex);
}

/**
 * The json of a failed item under Continue On Fail. n8n 2.40 replaces the json of any output item
 * that carries an `error` property with `{error: message}` (workflow-execute.js, normalizeNodeErrors),
 * and on the error output it merges the input item into an item whose json holds only `error`,
 * `message` or `details` (handleNodeErrorOutput). So a failed item carries no `error` property:
 * with the error output its context goes under `details` (n8n adds the input item's fields),
 * otherwise it stays at the top level beside `input`.
 */
export function failureJson(ctx: IExecuteFunctions, message: string, context: IDataObject = {}, input: IDataObject = {}): IDataObject {
	if (ctx.getNode().onError === 'continueErrorOutput') return { error: message, ...(Object.keys(context).length ? { details: context } : {}) };
	return { ...input, ...context, error: message };
}

/**
 * The output item of a failed item under Continue On Fail (see failureJson); without Continue On
 * Fail the error is thrown.
 */
export function failedItem(ctx: IExecuteFunctions, error: unknown, itemIndex: number, json: IDataObject = {}): INodeExecutionData {
	const failure = asItemError(ctx.getNode(), error, itemIndex);
	if (!ctx.continueOnFail()) throw failure;
	return { json: failureJson(ctx, failure.message, {}, json), pairedItem: { item: itemIndex } };
}

/**
 * Runs `handle` for each input item in order, one at a time; a failure becomes that item's error
 * item (its input json kept when `keepInput`), or stops the run without Continue On Fail.
 */
export async function forEachItem(
	ctx: IExecuteFunctions,
	handle: (itemIndex: number, item: INodeExecutionData) => Promise<INodeExecutionData[]>,
	options: { keepInput?: boolean } = {},
): Promise<INodeExecutionData[]> {
	const items = ctx.getInputData();
	const output: INodeExecutionData[] = [];
	for (let i = 0; i < items.length; i++) {
		try {
			output.push(...(await handle(i, items[i])));
		} catch (error) {
			output.push(failedItem(ctx, error, i, options.keepInput ? items[i].json : {}));
		}
	}
	return output;
}
