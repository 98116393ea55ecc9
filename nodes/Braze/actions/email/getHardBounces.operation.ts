import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { emailListFields, executeEmailList } from './emailList';

const show = { resource: ['email'], operation: ['getHardBounces'] };

export const description: INodeProperties[] = emailListFields(show, 'that hard bounced');

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await executeEmailList.call(this, '/email/hard_bounces');
}
