import { catalogWrite } from './writes';

const write = catalogWrite(
	'createItem',
	'catalogItemCreate',
	'Creates one catalog item per input item (up to 50 in a request). Braze applies the items shortly after it answers; the item must hold every field of the catalog.',
);

export const { description, buildChanges, present } = write;
