import type { ResolvedOptions } from '../options';
import type { SandboxState } from '../state/state';
import type { Reply } from './reply';

export interface HandlerContext {
	state: SandboxState;
	options: ResolvedOptions;
	body: unknown;
	query: URLSearchParams;
	params: Record<string, string>;
	now: number;
}

export type Handler = (ctx: HandlerContext) => Reply;
