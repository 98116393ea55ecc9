import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import * as campaign from './campaign';
import * as canvas from './canvas';
import * as catalog from './catalog';
import * as change from './change';
import * as cohort from './cohort';
import { withConstantParameters } from './constantParameters';
import * as email from './email';
import { type Presenter, executeChanges } from './executeChanges';
import * as message from './message';
import * as segment from './segment';
import * as sms from './sms';
import * as subscription from './subscription';
import * as user from './user';

/**
 * An operation either writes, as Braze changes through executeChanges (build, validate, plan,
 * send, one output per item), or brings its own execute (reads, broadcasts).
 */
interface Operation {
	description: INodeProperties[];
	buildChanges?(this: IExecuteFunctions, itemIndex: number, item: INodeExecutionData): unknown[];
	present?: Presenter;
	presenter?(ctx: IExecuteFunctions): Presenter;
	execute?(this: IExecuteFunctions): Promise<INodeExecutionData[][]>;
}

const resources: Record<string, Record<string, Operation>> = {
	campaign: campaign.operations,
	canvas: canvas.operations,
	catalog: catalog.operations,
	change: change.operations,
	cohort: cohort.operations,
	email: email.operations,
	message: message.operations,
	segment: segment.operations,
	sms: sms.operations,
	subscription: subscription.operations,
	user: user.operations,
};

export async function route(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const chosen = resources[resource]?.[operation];
	if (!chosen) {
		throw new NodeOperationError(this.getNode(), `The operation "${operation}" of "${resource}" is not supported`);
	}
	if (chosen.execute) return await chosen.execute.call(this);
	if (!chosen.buildChanges) {
		throw new NodeOperationError(this.getNode(), `The operation "${operation}" of "${resource}" has nothing to run`);
	}
	// Item by item, n8n is asked only for the parameters that hold an expression.
	const ctx = withConstantParameters(this);
	const present = chosen.presenter ? chosen.presenter(ctx) : chosen.present;
	return await executeChanges.call(ctx, chosen.buildChanges.bind(ctx), present);
}
