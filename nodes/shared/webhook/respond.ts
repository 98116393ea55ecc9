import type { INodeProperties, IWebhookDescription } from 'n8n-workflow';

/**
 * When a trigger answers its partner: once the run has applied the delivery (default: a run that
 * fails is answered 500, so the partner's own retry sends it again), or at once (the partner
 * never waits, and a failed run is only visible in n8n).
 */
export type RespondWhen = 'whenApplied' | 'atOnce';

export function respondProperty(partner: string, appliedReply: string): INodeProperties {
	return {
		displayName: 'Respond',
		name: 'respond',
		type: 'options',
		options: [
			{
				name: 'When Braze Has the Changes',
				value: 'whenApplied',
				description: `Answer ${partner} ${appliedReply} once the workflow has finished; a failed run is answered 500, so ${partner} retries and nothing is lost`,
			},
			{
				name: 'At Once',
				value: 'atOnce',
				description: `Answer ${partner} before the workflow runs; a run that fails is visible only in n8n (Executions, Error Workflow)`,
			},
		],
		default: 'whenApplied',
		description: `When ${partner} gets its answer`,
	};
}

export function readRespond(value: unknown): RespondWhen {
	return value === 'atOnce' ? 'atOnce' : 'whenApplied';
}

/**
 * The webhook of a trigger with the Respond parameter: n8n waits for the last node and answers
 * `code` with no body ("When Braze Has the Changes"), or the trigger answers itself ("At Once").
 * A trigger that answers itself (refusals, duplicates, At Once) always does so before n8n would.
 */
export function respondingWebhook(path: string, code: number, extra: Partial<IWebhookDescription> = {}): IWebhookDescription {
	return {
		name: 'default',
		httpMethod: 'POST',
		responseMode: '={{$parameter["respond"] === "atOnce" ? "onReceived" : "lastNode"}}',
		// An expression, so n8n reads a number (the description only types strings).
		responseCode: `={{${code}}}`,
		responseData: 'noData',
		path,
		...extra,
	};
}
