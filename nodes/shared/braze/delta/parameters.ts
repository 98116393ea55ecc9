import type { INodeProperties } from 'n8n-workflow';

/**
 * The node parameters of Send Only Changes and Dry Run, for the Braze node to place: the first
 * two beside the fields of User > Track and Change > Apply, `dryRunOption` inside Sending Options.
 */

export const SEND_ONLY_CHANGES_OPERATIONS = { show: { resource: ['user', 'change'], operation: ['track', 'apply'] } };

export const sendOnlyChangesFields: INodeProperties[] = [
	{
		displayName: 'Send Only Changes',
		name: 'sendOnlyChanges',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Off', value: 'off', description: 'Send every attribute of every item' },
			{
				name: 'Compare With Second Input',
				value: 'secondInput',
				description: 'Compare with the previous snapshot fed into the second input (e.g. yesterday\'s table or a database table of what was sent): any size, safe in queue mode',
			},
			{
				name: 'Compare With Node Memory',
				value: 'memory',
				description: 'Compare with what this node sent in earlier production runs, kept in workflow static data: up to 10,000 users',
			},
		],
		default: 'off',
		description: 'Whether to send only the attributes that differ from what was last sent: unchanged attributes cost no Braze data points. Events and purchases are always sent.',
		displayOptions: SEND_ONLY_CHANGES_OPERATIONS,
	},
	{
		displayName: 'Snapshot Identifier Field',
		name: 'snapshotIdentifierField',
		type: 'string',
		default: 'external_id',
		required: true,
		placeholder: 'e.g. user_id',
		description: 'The field of each previous snapshot row that holds the user\'s identifier; every other field is an attribute as last sent',
		displayOptions: { show: { ...SEND_ONLY_CHANGES_OPERATIONS.show, sendOnlyChanges: ['secondInput'] } },
	},
	{
		displayName: 'Snapshot Identifier Type',
		name: 'snapshotIdentifierType',
		type: 'options',
		options: [
			{ name: 'Braze ID', value: 'braze_id' },
			{ name: 'Email', value: 'email' },
			{ name: 'External ID', value: 'external_id' },
			{ name: 'Phone', value: 'phone' },
		],
		default: 'external_id',
		description: 'What the snapshot identifier is: it must be how the changes identify their users',
		displayOptions: { show: { ...SEND_ONLY_CHANGES_OPERATIONS.show, sendOnlyChanges: ['secondInput'] } },
	},
];

/** Inside Sending Options (shown for every writing operation). */
export const dryRunOption: INodeProperties = {
	displayName: 'Dry Run',
	name: 'dryRun',
	type: 'boolean',
	default: false,
	description:
		'Whether to plan the requests and output them (method, path, body, items carried, data points) instead of sending: nothing reaches Braze and nothing is remembered',
};

/** The node's inputs: a second one, "Previous Snapshot", only while Send Only Changes compares with it. */
export const BRAZE_NODE_INPUTS =
	'={{ $parameter.sendOnlyChanges === "secondInput" ? [{ "type": "main", "displayName": "Items" }, { "type": "main", "displayName": "Previous Snapshot" }] : ["main"] }}';
