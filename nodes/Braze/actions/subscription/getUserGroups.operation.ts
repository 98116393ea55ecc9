import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { formatIssues } from '../../../shared/braze/changes';
import { userIdentifierSchema } from '../../../shared/braze/identifiers';
import { executeReads } from '../executeReads';
import { brazeGet, collectPages, readLimit, returnAllFields } from '../paging';
import { readUserIdentifier, userIdentifierFields } from '../userIdentifier';

const show = { resource: ['subscription'], operation: ['getUserGroups'] };

/** /subscription/user/status returns at most 100 groups per page. */
const PAGE_SIZE = 100;

export const description: INodeProperties[] = [...userIdentifierFields(show, ['external_id', 'email', 'phone']), ...returnAllFields(show)];

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await executeReads.call(this, async (transport, i) => {
		const parsed = userIdentifierSchema.safeParse(readUserIdentifier(this, i));
		if (!parsed.success) throw new Error(`user ${formatIssues(parsed.error)}`);
		const kind = Object.keys(parsed.data)[0] as 'external_id' | 'email' | 'phone';
		return await collectPages<IDataObject>(
			async ({ offset, size }) => {
				const body = await brazeGet(transport, '/subscription/user/status', { [kind]: [parsed.data[kind]], limit: size, offset });
				return (body.subscription_groups as IDataObject[] | undefined) ?? [];
			},
			{ pageSize: PAGE_SIZE, limit: readLimit(this, i) },
		);
	});
}
