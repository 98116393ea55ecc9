import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { operationFields, operationProperties, resourceProperty, route } from './actions/router';
import { searchCampaigns, searchCanvases, searchSegments } from './methods/listSearch';

export class Braze implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Braze',
		name: 'braze',
		icon: { light: 'file:../../icons/braze.svg', dark: 'file:../../icons/braze.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Send customer data to Braze: users, events, purchases, subscriptions, email state, messages, cohorts and partner changes',
		defaults: { name: 'Braze' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{ name: 'brazeApi', required: true, displayOptions: { hide: { resource: ['cohort'] } } },
			// Shown for the Cohort resource, and for Change > Apply when Use Cohort Import Credential is on.
			{ name: 'brazeCohortApi', required: true, displayOptions: { show: { useCohortImport: [true] } } },
		],
		properties: [resourceProperty, ...operationProperties, ...operationFields],
	};

	methods = {
		listSearch: { searchCampaigns, searchCanvases, searchSegments },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await route.call(this);
	}
}
