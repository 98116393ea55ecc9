import { z } from 'zod';

/**
 * The envelope of a Currents Custom HTTP connector batch (braze-docs, partners/isv_partners/
 * currents_integration.md): `{"events": [...]}`, each event with `id`, `event_type`, `time` (UNIX
 * seconds), `user` and `properties`. Only what every event type has is checked; everything else
 * passes through: Braze adds fields and event types without notice, and a 400 makes it resend the
 * batch one event at a time and then drop the event for good.
 */

/** Braze sends 100 events a batch by default (the size is configurable); far more is not Currents. */
export const MAX_EVENTS = 1000;

const text = () =>
	z.string({ required_error: 'is required', invalid_type_error: 'must be a string' }).min(1, 'must not be empty');
const optionalText = () => z.string({ invalid_type_error: 'must be a string' }).optional();

const userSchema = z
	.object(
		{
			/** The Braze ID (Braze's `braze_id`). */
			user_id: optionalText(),
			/** Your external ID. */
			external_user_id: optionalText(),
			device_id: optionalText(),
			timezone: optionalText(),
		},
		{ required_error: 'is required', invalid_type_error: 'must be an object' },
	)
	.passthrough();

const eventSchema = z
	.object(
		{
			id: text(),
			event_type: text(),
			time: z
				.number({ required_error: 'is required', invalid_type_error: 'must be a UNIX timestamp in seconds (a number)' })
				.nonnegative('must not be negative'),
			user: userSchema,
			properties: z.record(z.unknown(), { invalid_type_error: 'must be an object' }).optional(),
		},
		{ required_error: 'is required', invalid_type_error: 'must be an object' },
	)
	.passthrough();

const batchSchema = z
	.object({
		events: z
			.array(eventSchema, { required_error: 'is required', invalid_type_error: 'must be a list of events' })
			.max(MAX_EVENTS, `holds more than ${MAX_EVENTS} events`),
	})
	.passthrough();

export type CurrentsEvent = z.infer<typeof eventSchema>;

export type BatchResult = { ok: true; events: CurrentsEvent[] } | { ok: false; error: string; field: string };

/** Validates a batch; a refusal names the first bad field, e.g. `events.3.id`. */
export function parseCurrentsBatch(body: unknown): BatchResult {
	const result = batchSchema.safeParse(body);
	if (result.success) return { ok: true, events: result.data.events };
	// The schema's own messages, at most three: a batch of 100 broken events would make a 100-line reply.
	const issues = result.error.issues.slice(0, 3).map((issue) => ({ field: issue.path.map(String).join('.') || 'events', message: issue.message }));
	return { ok: false, error: issues.map((issue) => `${issue.field} ${issue.message}`).join('; '), field: issues[0].field };
}
