import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import argon2 from 'argon2';
import type { SettingsRepository } from '../storage/settings-repository.js';
import type { Clock } from '../domain/clock.js';

export const SESSION_COOKIE = 'mx_session';
export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;
export const MIN_PASSWORD_LENGTH = 10;

const PASSWORD_KEY = 'admin.passwordHash';
const SETUP_CODE_KEY = 'admin.setupCode';
const EPOCH_KEY = 'admin.sessionEpoch';
const SESSION_PREFIX = 'admin.session.';

/** A one-line message shown once on the next page, kept with the session (never in the URL, where anyone can write it). */
export interface Flash {
  notice?: string;
  error?: string;
}

interface SessionRecord {
  createdAt: number;
  expiresAt: number;
  /** The password generation the session was opened under: a new password, or "sign out everywhere", ends it. */
  generation?: string;
  flash?: Flash;
}

interface SetupCodeRecord {
  code: string;
  createdAt: number;
}

export type SetupOutcome = 'ok' | 'exists' | 'too-short' | 'wrong-code';
export type ChangeOutcome = 'ok' | 'wrong-password' | 'too-short' | 'from-environment' | 'changed-meanwhile';

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
const sameText = (a: string, b: string) => timingSafeEqual(digest(a), digest(b));
// No 0/O or 1/I: the code is read off a console and typed in.
const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const normaliseCode = (code: string) => code.toUpperCase().replace(/[^A-Z0-9]/g, '');

/**
 * The admin password and sessions. The password comes from ADMIN_PASSWORD or, on first run, from the setup page (stored
 * as an argon2 hash in the settings table), which asks for the setup code printed on the service's console: reaching the
 * port first is not enough. Sessions are random ids in a cookie; only their SHA-256 is stored, so a copy of the database
 * does not hand out logged-in sessions. Each session carries the password's generation: changing the password (or
 * ADMIN_PASSWORD), or "sign out everywhere", ends every session opened before.
 */
export class AdminAuth {
  constructor(
    private readonly settings: SettingsRepository,
    private readonly envPassword: string | undefined,
    private readonly clock: Clock,
  ) {}

  get passwordFromEnvironment(): boolean {
    return Boolean(this.envPassword);
  }

  async passwordConfigured(): Promise<boolean> {
    return Boolean(this.envPassword) || (await this.settings.get<string>(PASSWORD_KEY)) !== undefined;
  }

  /**
   * The first-run setup code, made once and kept until a password is set (every process of a PostgreSQL deployment
   * shows the same one); undefined once a password exists.
   */
  async setupCode(): Promise<string | undefined> {
    if (await this.passwordConfigured()) return undefined;
    const existing = await this.settings.get<SetupCodeRecord>(SETUP_CODE_KEY);
    if (existing) return existing.code;
    const code = Array.from({ length: 16 }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)])
      .join('')
      .replace(/(.{4})(?=.)/g, '$1-');
    await this.settings.insertIfAbsent(SETUP_CODE_KEY, { code, createdAt: this.clock.now() } satisfies SetupCodeRecord, this.clock.now());
    return (await this.settings.get<SetupCodeRecord>(SETUP_CODE_KEY))?.code;
  }

  /**
   * First-run setup: needs the setup code, and stores the password only if none exists (insert if absent), so of two
   * simultaneous requests exactly one wins; only the winner may be given a session.
   */
  async setPassword(password: string, code: string): Promise<SetupOutcome> {
    if (await this.passwordConfigured()) return 'exists';
    const stored = await this.settings.get<SetupCodeRecord>(SETUP_CODE_KEY);
    if (!stored || !sameText(normaliseCode(code), normaliseCode(stored.code))) return 'wrong-code';
    if (password.length < MIN_PASSWORD_LENGTH) return 'too-short';
    const hash = await argon2.hash(password, { type: argon2.argon2id });
    if (!(await this.settings.insertIfAbsent(PASSWORD_KEY, hash, this.clock.now()))) return 'exists';
    await this.settings.delete(SETUP_CODE_KEY);
    return 'ok';
  }

  /** A password chosen at setup can be changed here; ADMIN_PASSWORD is changed where it is set. Ends every session. */
  async changePassword(current: string, next: string): Promise<ChangeOutcome> {
    if (this.envPassword) return 'from-environment';
    const stored = await this.settings.get<string>(PASSWORD_KEY);
    if (!stored || !(await this.verify(current))) return 'wrong-password';
    if (next.length < MIN_PASSWORD_LENGTH) return 'too-short';
    const hash = await argon2.hash(next, { type: argon2.argon2id });
    return (await this.settings.replaceIf(PASSWORD_KEY, stored, hash, this.clock.now())) ? 'ok' : 'changed-meanwhile';
  }

  async verify(password: string): Promise<boolean> {
    if (this.envPassword) return sameText(password, this.envPassword);
    const hash = await this.settings.get<string>(PASSWORD_KEY);
    if (!hash) return false;
    try {
      return await argon2.verify(hash, password);
    } catch {
      return false;
    }
  }

  /**
   * Which password, and which "sign out everywhere", sessions are valid under: a fingerprint of the password (of the
   * stored hash, whose salt is new with every change; of ADMIN_PASSWORD itself when set) and the sign-out counter.
   */
  private async generation(): Promise<string | undefined> {
    const source = this.envPassword ? `env:${this.envPassword}` : await this.settings.get<string>(PASSWORD_KEY);
    if (source === undefined) return undefined;
    const epoch = (await this.settings.get<number>(EPOCH_KEY)) ?? 0;
    return `${digest(source).toString('base64url').slice(0, 22)}.${epoch}`;
  }

  async createSession(): Promise<string> {
    const generation = await this.generation();
    if (generation === undefined) throw new Error('no admin password is set: a session cannot be opened');
    const id = randomBytes(32).toString('base64url');
    const now = this.clock.now();
    const record: SessionRecord = { createdAt: now, expiresAt: now + SESSION_TTL_MS, generation };
    await this.settings.set(sessionKey(id), record, now);
    return id;
  }

  private async session(id: string | undefined): Promise<SessionRecord | undefined> {
    if (!id || id.length > 100) return undefined;
    const record = await this.settings.get<SessionRecord>(sessionKey(id));
    if (!record) return undefined;
    if (record.expiresAt <= this.clock.now() || record.generation === undefined || record.generation !== (await this.generation())) {
      await this.settings.delete(sessionKey(id));
      return undefined;
    }
    return record;
  }

  async isValid(id: string | undefined): Promise<boolean> {
    return (await this.session(id)) !== undefined;
  }

  /** Checks a session and, for a page about to be shown, takes the message kept for it (once). */
  async check(id: string | undefined, options: { takeFlash?: boolean } = {}): Promise<{ flash?: Flash } | undefined> {
    const record = await this.session(id);
    if (!record || !id) return undefined;
    if (!options.takeFlash || !record.flash) return {};
    const { flash, ...rest } = record;
    await this.settings.set(sessionKey(id), rest, this.clock.now());
    return { flash };
  }

  /** Keeps a message for the session's next page. */
  async setFlash(id: string | undefined, flash: Flash): Promise<void> {
    const record = await this.session(id);
    if (!record || !id) return;
    await this.settings.set(sessionKey(id), { ...record, flash }, this.clock.now());
  }

  async destroy(id: string | undefined): Promise<void> {
    if (id) await this.settings.delete(sessionKey(id));
  }

  /** Ends every session, on every device and in every process: the next request of each signs in again. */
  async signOutEverywhere(): Promise<void> {
    const epoch = (await this.settings.get<number>(EPOCH_KEY)) ?? 0;
    await this.settings.set(EPOCH_KEY, epoch + 1, this.clock.now());
    await this.pruneExpired();
  }

  /** Forgets sessions that ran out or belong to an old password (called at login, so the table does not grow). */
  async pruneExpired(): Promise<void> {
    const now = this.clock.now();
    const generation = await this.generation();
    const all = await this.settings.all();
    for (const [key, value] of Object.entries(all)) {
      if (!key.startsWith(SESSION_PREFIX)) continue;
      const record = value as SessionRecord | null;
      if ((record?.expiresAt ?? 0) <= now || record?.generation !== generation) await this.settings.delete(key);
    }
  }
}

/**
 * What ties something to one signed-in browser without keeping its session id: a digest for one purpose (the OAuth
 * state keeps `sessionBinding(id, 'oauth')`), unlike the stored session key, so neither can be derived from the other.
 */
export function sessionBinding(id: string | undefined, purpose: string): string {
  return digest(`${purpose}:${id ?? ''}`).toString('base64url');
}

function sessionKey(id: string): string {
  return SESSION_PREFIX + digest(id).toString('hex');
}
