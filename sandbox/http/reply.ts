// Handler results and the error type that aborts a request before anything is applied.

export interface Reply {
	status: number;
	body: unknown;
	/** Headers an endpoint adds, e.g. the catalog items' `Link`. */
	headers?: Record<string, string>;
}

export class ApiError extends Error {
	constructor(
		public status: number,
		public body: Record<string, unknown>,
	) {
		super(String(body.message));
	}
}

export function fail(status: number, message: string, extra: Record<string, unknown> = {}): never {
	throw new ApiError(status, { message, ...extra });
}

export function badRequest(message: string): never {
	return fail(400, message);
}

export function success(extra: Record<string, unknown> = {}, status = 201): Reply {
	return { status, body: { message: 'success', ...extra } };
}

export function json(body: unknown, status = 200): Reply {
	return { status, body };
}
