import { emailRemoval } from './listRemoval';

export const { description, buildChanges, present } = emailRemoval(
	'removeHardBounce',
	'emailBounceRemove',
	'Takes the address off Braze\'s hard bounce list and the one your email provider keeps, so Braze emails it again.',
);
