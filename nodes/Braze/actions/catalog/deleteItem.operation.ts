import { catalogWrite } from './writes';

const write = catalogWrite('deleteItem', 'catalogItemDelete', 'Deletes one catalog item per input item (up to 50 in a request).');

export const { description, buildChanges, present } = write;
