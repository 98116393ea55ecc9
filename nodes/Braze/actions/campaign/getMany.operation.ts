import { listOperation } from './details';

export const { description, execute } = listOperation('campaign');
