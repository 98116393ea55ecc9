/** The GrowthLoop Trigger's pure side: what a call's body says, and the items it becomes. */
export { type Audience, type Read, actionOfBody, actionOfSegment, audienceOf, membersOf, textAt } from './body';
export { outputItems } from './items';
