import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { itemError } from '../shared/itemErrors';

/**
 * What an AI agent may not do on its own: as a tool the model picks the parameters, so operations
 * that cannot be undone (Delete, Merge, Blocklist) and broadcasts to a whole audience also need
 * Confirm, which the model must set to true itself (or the user sets once, knowingly).
 */
const IRREVERSIBLE: Array<{ resource: string; operations: string[]; what: string }> = [
	{ resource: 'campaign', operations: ['deleteSchedule'], what: 'Deleting a campaign schedule' },
	{ resource: 'canvas', operations: ['deleteSchedule'], what: 'Deleting a Canvas schedule' },
	{ resource: 'catalog', operations: ['deleteItem'], what: 'Deleting a catalog item' },
	{ resource: 'email', operations: ['blocklist'], what: 'Blocklisting an email address' },
	{ resource: 'message', operations: ['deleteSchedule'], what: 'Deleting a message schedule' },
	{ resource: 'user', operations: ['delete'], what: 'Deleting a user' },
	{ resource: 'user', operations: ['merge'], what: 'Merging two users' },
];

/** Broadcasts: the operation, and the parameter and value that make it one. */
const BROADCASTS: Array<{ resource: string; operation: string; parameter: string; value: string; fallback: string }> = [
	{ resource: 'campaign', operation: 'createSchedule', parameter: 'audience', value: 'broadcast', fallback: 'users' },
	{ resource: 'canvas', operation: 'createSchedule', parameter: 'audience', value: 'broadcast', fallback: 'users' },
	{ resource: 'message', operation: 'createSchedule', parameter: 'audience', value: 'broadcast', fallback: 'users' },
	{ resource: 'message', operation: 'sendNow', parameter: 'sendTo', value: 'segment', fallback: 'recipients' },
	{ resource: 'message', operation: 'triggerCampaign', parameter: 'sendTo', value: 'broadcast', fallback: 'recipients' },
	{ resource: 'message', operation: 'triggerCanvas', parameter: 'sendTo', value: 'broadcast', fallback: 'recipients' },
];

const CONFIRM_DESCRIPTION =
	'Whether the user explicitly asked for this action. As an AI tool the node refuses to act while this is false: let the model set it (✨ "Let the model define this parameter"), true only on an explicit request.';

/** Confirm, shown only when the node runs as an AI tool ('@tool'), for the operations above. */
export const toolConfirmProperties: INodeProperties[] = [
	...IRREVERSIBLE.map(({ resource, operations }) => ({ resource, operation: operations, extra: {} })),
	...BROADCASTS.map(({ resource, operation, parameter, value }) => ({ resource, operation: [operation], extra: { [parameter]: [value] } })),
].map(({ resource, operation, extra }) => ({
	displayName: 'Confirm',
	name: 'toolConfirm',
	type: 'boolean',
	default: false,
	description: CONFIRM_DESCRIPTION,
	displayOptions: { show: { '@tool': [true], resource: [resource], operation, ...extra } },
}));

/** Why item `i` needs Confirm as a tool, or undefined when it does not. */
function confirmationNeeded(ctx: IExecuteFunctions, i: number): string | undefined {
	const resource = String(ctx.getNodeParameter('resource', i, 'user'));
	const operation = String(ctx.getNodeParameter('operation', i, ''));
	const irreversible = IRREVERSIBLE.find((entry) => entry.resource === resource && entry.operations.includes(operation));
	if (irreversible) return `${irreversible.what} cannot be undone`;
	const broadcast = BROADCASTS.find((entry) => entry.resource === resource && entry.operation === operation);
	if (broadcast && ctx.getNodeParameter(broadcast.parameter, i, broadcast.fallback) === broadcast.value) {
		return 'A broadcast messages every user in the audience';
	}
	return undefined;
}

/** As an AI tool (n8n names the tool variant `<type>Tool`), refuses any item that needs Confirm and lacks it. */
export function checkToolConfirmation(ctx: IExecuteFunctions): void {
	if (!ctx.getNode().type.endsWith('Tool')) return;
	const items = Math.max(ctx.getInputData().length, 1);
	for (let i = 0; i < items; i++) {
		const why = confirmationNeeded(ctx, i);
		if (why === undefined || ctx.getNodeParameter('toolConfirm', i, false) === true) continue;
		throw itemError(
			ctx.getNode(),
			`${why}: not confirmed, so nothing was sent to Braze`,
			i,
			'As an AI tool this operation runs only with Confirm set to true. Set it only when the user explicitly asked for exactly this action.',
		);
	}
}
