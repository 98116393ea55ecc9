import { emailRemoval } from './listRemoval';

export const { description, buildChanges, present } = emailRemoval(
	'removeSpam',
	'emailSpamRemove',
	'Takes the address off Braze\'s spam list and the one your email provider keeps: only for someone who asked to get email again.',
);
