import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { formatIssues } from '../../../shared/braze/changes';
import { userIdentifierSchema } from '../../../shared/braze/identifiers';
import { brazeGet, collectPages } from '../../../shared/braze/paging';
import { executeReads } from '../executeReads';
import { readLimit, SUBSCRIPTION_USER_KINDS, readUserIdentifier, returnAllFields, userIdentifierFields } from '../helpers';

const displayOptions = { show: { resource: ['subscription'], operation: ['getUserGroups'] } };

/** /subscription/user/status returns at most 100 groups per page. */
const PAGE_SIZE = 100;

export const description = updateDisplayOptions(displayOptions, [...userIdentifierFields(SUBSCRIPTION_USER_KINDS), ...returnAllFields()]);

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await executeReads.call(this, async (transport, i) => {
		const parsed = userIdentifierSchema.safeParse(readUserIdentifier(this, i, SUBSCRIPTION_USER_KINDS));
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
