/** The Kubit node's pure side: a sync plan to output items. */
export { addCohortUpsert, outputItems } from './items';
