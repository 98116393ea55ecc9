import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodePropertyOptions, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { asItemError, forEachItem } from '../shared/itemErrors';
import { wordsFor } from '../shared/subtitle';
import { ketchApiTest } from '../shared/ketch/credentialTest';
import { fileReceipts } from '../shared/webhook/receipts';
import { sendToCallbacks } from './callbacks';
import { properties, readStatusEventSettings } from './description';
import { requestOf, statusEventOf } from './mapping';

/** "Send in progress status event", not "in_progress". */
const STATUS_WORDS = Object.fromEntries(
	((properties.find((p) => p.name === 'status')?.options ?? []) as INodePropertyOptions[]).map((o) => [String(o.value), o.name.toLowerCase()]),
);

export class Ketch implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Ketch',
		name: 'ketch',
		icon: { light: 'file:../../icons/ketch.svg', dark: 'file:../../icons/ketch.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: `={{$parameter["operation"] === "sendStatusEvent" ? "Send " + ${wordsFor(STATUS_WORDS, '$parameter["status"]')} + " status event" : ""}}`,
		description: 'Complete Ketch privacy rights requests: report their status to Ketch',
		defaults: { name: 'Ketch' },
		// Not an AI tool: it completes the rights request a Ketch Trigger item carries (an agent has
		// none to give), and a completed request is final in Ketch. README "AI agents" says so.
		usableAsTool: undefined,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'ketchApi', required: true, testedBy: 'ketchApiTest' }],
		properties,
	};

	methods = { credentialTest: { ketchApiTest } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const output = await forEachItem(
			this,
			async (i, item) => {
				const settings = readStatusEventSettings(this, i);
				const ref = requestOf(item.json, settings);
				const event = statusEventOf(item.json, ref, settings);
				let sent;
				try {
					sent = await sendToCallbacks(this, i, ref, event);
				} catch (error) {
					// Ketch never heard: the delivery is not done, so Ketch's retry must run it again.
					fileReceipts(() => this.getWorkflowStaticData('global'), [item], () => false, Date.now());
					throw asItemError(this.getNode(), error, i);
				}
				const summary = event.event as IDataObject;
				return [
					{
						json: {
							...item.json,
							ketchStatusEvent: {
								kind: event.kind,
								status: summary.status,
								...(summary.reason ? { reason: summary.reason } : {}),
								documents: ((summary.results ?? summary.documents ?? []) as IDataObject[]).length,
								callbacks: sent as unknown as IDataObject[],
							},
						},
						pairedItem: { item: i },
					},
				];
			},
			{ keepInput: true },
		);
		return [output];
	}
}
