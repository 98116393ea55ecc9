import { detailsOperation } from './details';

export const { description, execute } = detailsOperation('campaign');
