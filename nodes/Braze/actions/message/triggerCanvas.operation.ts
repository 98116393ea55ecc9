import { updateDisplayOptions } from 'n8n-workflow';

import type { TriggerKind } from './trigger';
import { triggerExecute, triggerFields } from './trigger';

const kind: TriggerKind = {
	idParameter: 'canvasId',
	idField: 'canvas_id',
	propertiesParameter: 'canvasContext',
	propertiesField: 'context',
	changeType: 'canvasSend',
	endpoint: '/canvas/trigger/send',
	thing: 'Canvas',
};

const displayOptions = { show: { resource: ['message'], operation: ['triggerCanvas'] } };

export const description = updateDisplayOptions(displayOptions, triggerFields(kind));
export const execute = triggerExecute(kind);
