import type { IExecuteFunctions, INode, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { asItemError, failedItem, failureJson, forEachItem, itemError, itemMessage } from '../../nodes/shared/itemErrors';

const node: INode = { id: 'n1', name: 'Partner', type: 'test', typeVersion: 1, position: [0, 0], parameters: {} };

function context(items: INodeExecutionData[], continueOnFail: boolean): IExecuteFunctions {
	return { getNode: () => node, getInputData: () => items, continueOnFail: () => continueOnFail } as unknown as IExecuteFunctions;
}

describe('item errors', () => {
	it('prefixes [item N] once, and not at all without an item', () => {
		expect(itemMessage('Bad value', 2)).toBe('[item 2] Bad value');
		expect(itemMessage('[item 2] Bad value', 2)).toBe('[item 2] Bad value');
		expect(itemMessage('Cohort ID is empty')).toBe('Cohort ID is empty');
	});

	it('builds NodeOperationErrors that point at the item', () => {
		const error = itemError(node, 'Bad value', 3, 'Fix the field');
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toBe('[item 3] Bad value');
		expect(error.description).toBe('Fix the field');
		expect(itemError(node, 'Setting wrong').message).toBe('Setting wrong');
	});

	it('keeps a NodeOperationError and wraps anything else', () => {
		const own = itemError(node, 'Already packaged', 1);
		expect(asItemError(node, own, 4)).toBe(own);
		expect(asItemError(node, new Error('plain'), 4).message).toBe('[item 4] plain');
		expect(asItemError(node, 'text', 0).message).toBe('[item 0] text');
	});

	it('throws without Continue On Fail; with it, returns the paired error item', () => {
		expect(() => failedItem(context([], false), new Error('boom'), 1)).toThrow('[item 1] boom');
		const item = failedItem(context([], true), new Error('boom'), 1, { id: 'x' });
		expect(item.json).toEqual({ id: 'x', error: '[item 1] boom' });
		expect(item.pairedItem).toEqual({ item: 1 });
		// No `error` property: n8n 2.40 would replace the json with {error: message} (normalizeNodeErrors).
		expect(item.error).toBeUndefined();
	});

	it('with the error output, keeps only error and details, so n8n routes the item there and adds the input fields', () => {
		const ctx = context([], true);
		const onErrorOutput = { ...ctx, getNode: () => ({ ...ctx.getNode(), onError: 'continueErrorOutput' }) } as unknown as IExecuteFunctions;
		expect(failedItem(onErrorOutput, new Error('boom'), 1, { id: 'x' }).json).toEqual({ error: '[item 1] boom' });
		expect(failureJson(onErrorOutput, 'no', { user: { email: 'a@example.com' } }, { id: 'x' })).toEqual({ error: 'no', details: { user: { email: 'a@example.com' } } });
		expect(failureJson(ctx, 'no', { user: { email: 'a@example.com' } }, { id: 'x' })).toEqual({ id: 'x', user: { email: 'a@example.com' }, error: 'no' });
	});

	it('forEachItem runs every item in order and packages each failure', async () => {
		const items = [{ json: { n: 0 } }, { json: { n: 1 } }, { json: { n: 2 } }];
		const handle = async (i: number, item: INodeExecutionData) => {
			if (i === 1) throw new Error('odd one');
			return [{ json: { doubled: (item.json.n as number) * 2 }, pairedItem: { item: i } }];
		};
		const kept = await forEachItem(context(items, true), handle, { keepInput: true });
		expect(kept.map((out) => out.json)).toEqual([{ doubled: 0 }, { n: 1, error: '[item 1] odd one' }, { doubled: 4 }]);
		const bare = await forEachItem(context(items, true), handle);
		expect(bare[1].json).toEqual({ error: '[item 1] odd one' });
		await expect(forEachItem(context(items, false), handle)).rejects.toThrow('[item 1] odd one');
	});
});
