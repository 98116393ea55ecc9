import type { ChangeOf } from '../changes';
import { cohortDefinitionKey } from './partnerCohortUsers';
import { SingleBucket } from './shapes';
import { type EndpointSpec, idempotent } from './spec';

/** POST /partners/{partner}/cohorts: create a partner cohort or rename it (partner key + data import key). */

type UpsertChange = ChangeOf<'cohortUpsert'>;

export const partnerCohorts: EndpointSpec<UpsertChange> = {
	path: '/partners/{partner}/cohorts',
	credential: 'brazeCohortApi',
	requestKey: () => '',
	users: (change) => [cohortDefinitionKey(change.cohortId)],
	open: () =>
		new SingleBucket<UpsertChange>(
			'/partners/{partner}/cohorts',
			(u) => ({ cohort_id: u.cohortId, name: u.name, created_at: u.createdAt }),
			'brazeCohortApi',
		),
	appliesTwice: idempotent,
};
