import type { IDataObject } from 'n8n-workflow';

import type { TrackBatchLimit } from '../limits';
import type { PlanEntry } from '../plan';
import { plan } from '../planner';
import { type DataPointCount, addDataPoints, requestDataPoints } from './dataPoints';

/**
 * Dry Run: the requests a run would send, planned by the same planner, and nothing sent. When
 * Braze accepts every request, the real run sends exactly these (a refused request is split and
 * resent, which no plan can foresee). Bodies never hold a secret: the API key travels in a header,
 * and the partner keys of Cohort Import are added by the credential when the request is sent.
 */

export interface DryRunRequest {
	method: 'POST';
	path: string;
	/** Which credential would sign it (its secrets are added at send time, never shown). */
	credential: string;
	body: IDataObject;
	/** The input items whose changes the request carries (0-based, as in pairedItem). */
	items: number[];
	/** Requests (by position in this list) that must be done before this one starts. */
	after: number[];
	dataPoints: number;
}

export interface DryRunReport {
	dryRun: true;
	requestCount: number;
	/** What the requests would consume, the way Braze counts (dataPoints.ts). */
	dataPoints: DataPointCount;
	requests: DryRunRequest[];
}

/**
 * Plans the entries and describes every request. `itemOf` maps an entry's ref to its input item;
 * `partner` fills the `{partner}` of Cohort Import paths as the transport would.
 */
export function dryRun(
	entries: PlanEntry[],
	trackLimit: TrackBatchLimit,
	itemOf: (ref: number) => number,
	partner?: string,
): DryRunReport {
	const total: DataPointCount = { total: 0, attributes: 0, events: 0, purchases: 0 };
	const requests = plan(entries, { trackLimit }).map((request): DryRunRequest => {
		const points = requestDataPoints(request.endpoint, request.body);
		addDataPoints(total, points);
		return {
			method: 'POST',
			path: partner === undefined ? request.endpoint : request.endpoint.replace('{partner}', encodeURIComponent(partner)),
			credential: request.credential,
			body: request.body,
			items: [...new Set(request.entries.map((entry) => itemOf(entry.ref)))].sort((a, b) => a - b),
			after: request.after,
			dataPoints: points.total,
		};
	});
	return { dryRun: true, requestCount: requests.length, dataPoints: total, requests };
}
