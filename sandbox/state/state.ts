import { RequestLog } from '../request-log';
import { Stats } from '../stats';
import { CatalogStore } from './braze-catalogs';
import { Catalog } from './catalog';
import { CohortStore } from './cohorts';
import { EmailRegistry } from './email-registry';
import { MessagingStore } from './messaging';
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
	/** Braze Catalogs (tables of items), apart from the campaign fixtures above. */
	readonly catalogs = new CatalogStore();
	readonly messaging = new MessagingStore();
	// email (lower case) -> ISO time it was marked spam; /email/spam/remove takes it off.
	readonly spam = new Map<string, string>();
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
		this.catalogs.clear();
		this.messaging.clear();
		this.spam.clear();
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
			catalogs: this.catalogs.toJSON(),
			messages_sent: this.messaging.sent,
			schedules: [...this.messaging.schedules.values()],
			spam: [...this.spam].map(([email, at]) => ({ email, at })),
			catalog: { campaigns: this.catalog.campaigns, canvases: this.catalog.canvases, segments: this.catalog.segments },
			counters: { users: this.users.size, requests_logged: this.requests.total, ...this.stats.toJSON() },
		};
	}
}
