import type { IHookFunctions, IWebhookDescription } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

/**
 * The webhook of a trigger whose URL the user pastes into the partner by hand, answered at once
 * (the partner needs no data back). `responseData` is needed: without it n8n 2.40 answers the
 * literal text "firstEntryJson".
 */
export function receivedWebhook(path: string, extra: Partial<IWebhookDescription> = {}): IWebhookDescription {
	return { name: 'default', httpMethod: 'POST', responseMode: 'onReceived', responseData: '={{ { "received": true } }}', path, ...extra };
}

/**
 * webhookMethods for a URL the partner cannot register (no API): nothing to create or delete.
 * `exists` is what checkExists answers; `problem` refuses to go live with settings that would
 * make every call fail (its text is the error shown).
 */
export function pastedUrlWebhookMethods(options: { exists: boolean; problem?: (ctx: IHookFunctions) => Promise<string | undefined> }) {
	return {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return options.exists;
			},
			async create(this: IHookFunctions): Promise<boolean> {
				const problem = options.problem ? await options.problem(this) : undefined;
				if (problem) throw new NodeOperationError(this.getNode(), problem);
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return true;
			},
		},
	};
}
