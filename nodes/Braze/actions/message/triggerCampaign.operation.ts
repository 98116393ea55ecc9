import type { TriggerKind } from './trigger';
import { triggerExecute, triggerFields } from './trigger';

const kind: TriggerKind = {
	operation: 'triggerCampaign',
	idParameter: 'campaignId',
	idField: 'campaign_id',
	propertiesParameter: 'triggerProperties',
	propertiesField: 'trigger_properties',
	changeType: 'campaignSend',
	endpoint: '/campaigns/trigger/send',
	thing: 'campaign',
};

export const description = triggerFields(kind);
export const execute = triggerExecute(kind);
