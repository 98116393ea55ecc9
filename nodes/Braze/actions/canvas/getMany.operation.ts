import { listOperation } from '../campaign/details';

export const { description, execute } = listOperation('canvas');
