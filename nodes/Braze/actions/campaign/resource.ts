import type { INodeProperties } from 'n8n-workflow';

/** The Campaign and Canvas resources: the same five operations, each folder its own modules. */

interface Modules {
	createSchedule: { description: INodeProperties[] };
	deleteSchedule: { description: INodeProperties[] };
	get: { description: INodeProperties[] };
	getMany: { description: INodeProperties[] };
	updateSchedule: { description: INodeProperties[] };
}

export function scheduledResource<M extends Modules>(resource: 'campaign' | 'canvas', modules: M): { operations: M; description: INodeProperties[] } {
	const thing = resource === 'campaign' ? 'campaign' : 'Canvas';
	const things = resource === 'campaign' ? 'campaigns' : 'Canvases';
	const lower = thing.toLowerCase();
	return {
		operations: modules,
		description: [
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				displayOptions: { show: { resource: [resource] } },
				options: [
					{ name: 'Create Schedule', value: 'createSchedule', action: `Schedule a ${lower}`, description: `Schedule an API-triggered ${thing} for listed users or its whole audience` },
					{ name: 'Delete Schedule', value: 'deleteSchedule', action: `Delete a ${lower} schedule`, description: `Cancel a scheduled send of an API-triggered ${thing}` },
					{ name: 'Get', value: 'get', action: `Get a ${lower}`, description: `Get a ${thing}'s details: status, channels, tags and more` },
					{ name: 'Get Many', value: 'getMany', action: `Get many ${things.toLowerCase()}`, description: `List the ${things} of the workspace` },
					{ name: 'Update Schedule', value: 'updateSchedule', action: `Update a ${lower} schedule`, description: `Move a scheduled send of an API-triggered ${thing}` },
				],
				default: 'getMany',
			},
			...modules.createSchedule.description,
			...modules.deleteSchedule.description,
			...modules.get.description,
			...modules.getMany.description,
			...modules.updateSchedule.description,
		],
	};
}
