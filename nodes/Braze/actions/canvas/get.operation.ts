import { detailsOperation } from '../campaign/details';

export const { description, execute } = detailsOperation('canvas');
