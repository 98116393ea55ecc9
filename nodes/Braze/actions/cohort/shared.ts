import type { INodeProperties } from 'n8n-workflow';

/** Said plainly wherever the Cohort Import API is offered. */
export const cohortNotice: INodeProperties = {
	displayName:
		'Braze gives the partner name and partner API key of the Cohort Import API only to registered technology partners. Without them these operations cannot work: keep cohort membership in a user attribute with User > Track instead (the Kubit node does this for you).',
	name: 'cohortNotice',
	type: 'notice',
	default: '',
	displayOptions: { show: { resource: ['cohort'] } },
};

export const cohortIdField = (operation: string): INodeProperties => ({
	displayName: 'Cohort ID',
	name: 'cohortId',
	type: 'string',
	default: '',
	required: true,
	placeholder: 'e.g. weekly-active-buyers',
	description: 'Your own ID for the cohort, unique within the Braze workspace',
	displayOptions: { show: { resource: ['cohort'], operation: [operation] } },
});

/**
 * The Cohort Import credential is shown when this is true: always for the Cohort resource (this
 * hidden twin), on request for Change > Apply (the boolean there), never elsewhere.
 */
export const cohortCredentialSwitch: INodeProperties = {
	displayName: 'Use Cohort Import Credential',
	name: 'useCohortImport',
	type: 'hidden',
	default: true,
	displayOptions: { show: { resource: ['cohort'] } },
};
