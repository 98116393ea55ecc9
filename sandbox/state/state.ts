import { RequestLog } from '../request-log';
import { Stats } from '../stats';
import { Catalog } from './catalog';
import { CohortStore } from './cohorts';
import { EmailRegistry } from './email-registry';
import { SendLog } from './sends';
import { UserStore } from './user-store';
import type { UserProfile } from './user';

// Everything the sandbox remembers. The object itself survives reset(), only its contents go.
export class SandboxState {
	readonly users = new UserStore();
	readonly emails = new EmailRegistry();
	// phone (E.164) -> ISO time Braze flagged it invalid.
	readonly invalidPhones = new Map<string, string>();
	readonly cohorts = new CohortStore();
	readonly sends = new SendLog();
	readonly catalog = new Catalog();
	readonly requests = new RequestLog();
	readonly stats = new Stats();

	user(externalId: string): UserProfile | undefined {
		return this.users.byExternalId(externalId);
	}

	clear(): void {
		this.users.clear();
		this.emails.clear();
		this.invalidPhones.clear();
		this.cohorts.clear();
		this.sends.clear();
		this.catalog.reset();
		this.requests.clear();
		this.stats.clear();
	}

	toJSON(): Record<string, unknown> {
		return {
			users: [...this.users.all()],
			emails: this.emails.all(),
			invalid_phone_numbers: [...this.invalidPhones].map(([phone, at]) => ({ phone, invalid_detected_at: at })),
			cohorts: this.cohorts.all().map((c) => ({ ...c, members: [...c.members] })),
			sends: this.sends.records,
			catalog: { campaigns: this.catalog.campaigns, canvases: this.catalog.canvases, segments: this.catalog.segments },
			counters: { users: this.users.size, requests_logged: this.requests.total, ...this.stats.toJSON() },
		};
	}
}
