import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { emailListFields, executeEmailList } from './emailList';

const displayOptions = { show: { resource: ['email'], operation: ['getHardBounces'] } };

export const description = updateDisplayOptions(displayOptions, emailListFields('that hard bounced'));

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await executeEmailList.call(this, '/email/hard_bounces');
}
