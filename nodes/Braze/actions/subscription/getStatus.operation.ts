import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { IDS_PER_REQUEST } from '../../../shared/braze/limits';
import { formatIssues } from '../../../shared/braze/changes';
import { userIdentifierSchema } from '../../../shared/braze/identifiers';
import { brazeGet } from '../../../shared/braze/paging';
import { BrazeTransport } from '../../../shared/braze/transport';
import { SUBSCRIPTION_USER_KINDS, readUserIdentifier, userIdentifierFields } from '../helpers';
import { failureJson } from '../../../shared/itemErrors';

const displayOptions = { show: { resource: ['subscription'], operation: ['getStatus'] } };

const properties: INodeProperties[] = [
	{
		displayName: 'Subscription Group ID',
		name: 'subscriptionGroupId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. 8a2c6b3e-1b2c-4d5e-8f90-123456789abc',
	},
	...userIdentifierFields(SUBSCRIPTION_USER_KINDS),
];

export const description = updateDisplayOptions(displayOptions, properties);

type Kind = 'external_id' | 'email' | 'phone';

interface Ask {
	itemIndex: number;
	groupId: string;
	kind: Kind;
	value: string;
}

/**
 * Reads the state of many users at once: items asking about the same group with the same kind of
 * identifier share requests of up to 50 identifiers, and each item gets its own user's state back.
 */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const failures = new Map<number, string>();
	const answers = new Map<number, IDataObject>();
	const groups = new Map<string, Ask[]>();

	items.forEach((_item, itemIndex) => {
		const groupId = String(this.getNodeParameter('subscriptionGroupId', itemIndex, '')).trim();
		if (!groupId) return void failures.set(itemIndex, 'Subscription Group ID is empty: give the group to read');
		const parsed = userIdentifierSchema.safeParse(readUserIdentifier(this, itemIndex, SUBSCRIPTION_USER_KINDS));
		if (!parsed.success) return void failures.set(itemIndex, `user ${formatIssues(parsed.error)}`);
		const kind = Object.keys(parsed.data)[0] as Kind;
		const ask: Ask = { itemIndex, groupId, kind, value: String(parsed.data[kind]) };
		const key = `${groupId}\u0000${kind}`;
		groups.set(key, [...(groups.get(key) ?? []), ask]);
	});

	const transport = new BrazeTransport(this);
	for (const asks of groups.values()) {
		const values = [...new Set(asks.map((a) => a.value))];
		for (let start = 0; start < values.length; start += IDS_PER_REQUEST) {
			const chunk = values.slice(start, start + IDS_PER_REQUEST);
			const inChunk = asks.filter((a) => chunk.includes(a.value));
			const { groupId, kind } = inChunk[0];
			try {
				const body = await brazeGet(transport, '/subscription/status/get', { subscription_group_id: groupId, [kind]: chunk });
				const status = (body.status as IDataObject | undefined) ?? {};
				const lower = new Map(Object.entries(status).map(([k, v]) => [k.toLowerCase(), v]));
				for (const ask of inChunk) {
					const state = status[ask.value] ?? lower.get(ask.value.toLowerCase()) ?? 'Unknown';
					answers.set(ask.itemIndex, { subscription_group_id: groupId, [kind]: ask.value, status: state });
				}
			} catch (error) {
				for (const ask of inChunk) failures.set(ask.itemIndex, (error as Error).message);
			}
		}
	}

	const output: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		const failure = failures.get(itemIndex);
		if (failure === undefined) {
			output.push({ json: answers.get(itemIndex) ?? {}, pairedItem: { item: itemIndex } });
			continue;
		}
		const error = new NodeOperationError(this.getNode(), `[item ${itemIndex}] ${failure}`, {
			itemIndex,
			description: 'Check the group ID, the identifier and the key\'s subscription.status.get permission; other items were read.',
		});
		if (!this.continueOnFail()) throw error;
		output.push({ json: failureJson(this, error.message), pairedItem: { item: itemIndex } });
	}
	return [output];
}
