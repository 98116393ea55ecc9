import type { INodeProperties } from 'n8n-workflow';

import * as updateMembers from './members.operation';
import * as createOrRename from './upsert.operation';

export const operations = { createOrRename, updateMembers };

const displayOptions = { show: { resource: ['cohort'] } };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions,
		options: [
			{
				name: 'Add or Remove Members',
				value: 'updateMembers',
				action: 'Add or remove cohort members',
				description: 'Add users to a partner cohort or remove them, up to 1,000 per request',
			},
			{
				name: 'Create or Rename',
				value: 'createOrRename',
				action: 'Create or rename a cohort',
				description: 'Create a partner cohort, or give an existing one a new name',
			},
		],
		default: 'updateMembers',
	},
	// Said plainly wherever the Cohort Import API is offered.
	{
		displayName:
			'Braze gives the partner name and partner API key of the Cohort Import API only to registered technology partners. Without them these operations cannot work: keep cohort membership in a user attribute with User > Track instead (the Kubit node does this for you).',
		name: 'cohortNotice',
		type: 'notice',
		default: '',
		displayOptions,
	},
	// The Cohort Import credential is shown when this is true: always for the Cohort resource (this
	// hidden twin), on request for Change > Apply (the boolean there), never elsewhere.
	{
		displayName: 'Use Cohort Import Credential',
		name: 'useCohortImport',
		type: 'hidden',
		default: true,
		displayOptions,
	},
	...createOrRename.description,
	...updateMembers.description,
];
