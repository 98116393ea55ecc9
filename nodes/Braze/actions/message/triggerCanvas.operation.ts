import type { TriggerKind } from './trigger';
import { triggerExecute, triggerFields } from './trigger';

const kind: TriggerKind = {
	operation: 'triggerCanvas',
	idParameter: 'canvasId',
	idField: 'canvas_id',
	propertiesParameter: 'canvasContext',
	propertiesField: 'context',
	changeType: 'canvasSend',
	endpoint: '/canvas/trigger/send',
	thing: 'Canvas',
};

export const description = triggerFields(kind);
export const execute = triggerExecute(kind);
