/** The Kubit node's pure side: a sync plan to output items. */
export { type SentDefinitions, addCohortUpsert, outputItems } from './items';
