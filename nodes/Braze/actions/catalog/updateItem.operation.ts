import { catalogWrite } from './writes';

const write = catalogWrite(
	'updateItem',
	'catalogItemUpdate',
	'Edits existing items: the fields given change, the others stay. An array field also takes {"$add": [...], "$remove": [...]}.',
);

export const { description, buildChanges, present } = write;
