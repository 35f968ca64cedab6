import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import argon2 from 'argon2';
import type { SettingsRepository } from '../storage/settings-repository.js';
import type { Clock } from '../domain/clock.js';

export const SESSION_COOKIE = 'mx_session';
export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;
export const MIN_PASSWORD_LENGTH = 10;

const PASSWORD_KEY = 'admin.passwordHash';
const SESSION_PREFIX = 'admin.session.';

interface SessionRecord {
  createdAt: number;
  expiresAt: number;
}

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

/**
 * The admin password and sessions. The password comes from ADMIN_PASSWORD or, on first run, from the setup page (stored
 * as an argon2 hash in the settings table). Sessions are random ids in a cookie; only their SHA-256 is stored, so a copy
 * of the database does not hand out logged-in sessions.
 */
export class AdminAuth {
  constructor(
    private readonly settings: SettingsRepository,
    private readonly envPassword: string | undefined,
    private readonly clock: Clock,
  ) {}

  async passwordConfigured(): Promise<boolean> {
    return Boolean(this.envPassword) || (await this.settings.get<string>(PASSWORD_KEY)) !== undefined;
  }

  /** First-run setup; refuses once any password exists, so the setup page cannot be used to take over. */
  async setPassword(password: string): Promise<'ok' | 'exists' | 'too-short'> {
    if (await this.passwordConfigured()) return 'exists';
    if (password.length < MIN_PASSWORD_LENGTH) return 'too-short';
    await this.settings.set(PASSWORD_KEY, await argon2.hash(password, { type: argon2.argon2id }), this.clock.now());
    return 'ok';
  }

  async verify(password: string): Promise<boolean> {
    if (this.envPassword) return timingSafeEqual(digest(password), digest(this.envPassword));
    const hash = await this.settings.get<string>(PASSWORD_KEY);
    if (!hash) return false;
    try {
      return await argon2.verify(hash, password);
    } catch {
      return false;
    }
  }

  async createSession(): Promise<string> {
    const id = randomBytes(32).toString('base64url');
    const now = this.clock.now();
    const record: SessionRecord = { createdAt: now, expiresAt: now + SESSION_TTL_MS };
    await this.settings.set(sessionKey(id), record, now);
    return id;
  }

  async isValid(id: string | undefined): Promise<boolean> {
    if (!id || id.length > 100) return false;
    const record = await this.settings.get<SessionRecord>(sessionKey(id));
    if (!record) return false;
    if (record.expiresAt <= this.clock.now()) {
      await this.settings.delete(sessionKey(id));
      return false;
    }
    return true;
  }

  async destroy(id: string | undefined): Promise<void> {
    if (id) await this.settings.delete(sessionKey(id));
  }

  /** Forgets sessions that ran out (called at login, so the table does not grow with abandoned browsers). */
  async pruneExpired(): Promise<void> {
    const now = this.clock.now();
    const all = await this.settings.all();
    for (const [key, value] of Object.entries(all)) {
      if (key.startsWith(SESSION_PREFIX) && ((value as SessionRecord | null)?.expiresAt ?? 0) <= now) {
        await this.settings.delete(key);
      }
    }
  }
}

function sessionKey(id: string): string {
  return SESSION_PREFIX + digest(id).toString('hex');
}
