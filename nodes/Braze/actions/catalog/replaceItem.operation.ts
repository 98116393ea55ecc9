import { catalogWrite } from './writes';

const write = catalogWrite('replaceItem', 'catalogItemReplace', 'Replaces each item with exactly the fields given (fields left out become empty), creating it when it does not exist.');

export const { description, buildChanges, present } = write;
