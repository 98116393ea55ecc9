import { updateDisplayOptions } from 'n8n-workflow';

import type { TriggerKind } from './trigger';
import { triggerExecute, triggerFields } from './trigger';

const kind: TriggerKind = {
	idParameter: 'campaignId',
	idField: 'campaign_id',
	propertiesParameter: 'triggerProperties',
	propertiesField: 'trigger_properties',
	changeType: 'campaignSend',
	endpoint: '/campaigns/trigger/send',
	thing: 'campaign',
};

const displayOptions = { show: { resource: ['message'], operation: ['triggerCampaign'] } };

export const description = updateDisplayOptions(displayOptions, triggerFields(kind));
export const execute = triggerExecute(kind);
