import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { Presenter } from '../executeChanges';
import { emailAddressField } from '../helpers';

/** Remove Hard Bounce and Remove Spam: one address per item, up to 50 a request. */
export function emailRemoval(operation: 'removeHardBounce' | 'removeSpam', type: 'emailBounceRemove' | 'emailSpamRemove', notice: string) {
	const properties: INodeProperties[] = [{ displayName: notice, name: `${operation}Notice`, type: 'notice', default: '' }, emailAddressField];
	function buildChanges(this: IExecuteFunctions, i: number): unknown[] {
		return [{ type, email: String(this.getNodeParameter('emailAddress', i, '')).trim() }];
	}
	const present: Presenter = (_i, { changes }) => ({ success: true, email: (changes[0] as { email: string }).email, removed: true });
	return { description: updateDisplayOptions({ show: { resource: ['email'], operation: [operation] } }, properties), buildChanges, present };
}
