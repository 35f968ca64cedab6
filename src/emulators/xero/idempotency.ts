/**
 * `Idempotency-Key`: the first answer to a key is kept (errors too) for about six minutes of the emulator's clock; the
 * same key with another method, URL or body is refused.
 */
import type { ApiResult } from './envelope.js';

export const IDEMPOTENCY_WINDOW_MS = 6 * 60_000;
export const MAX_KEY_LENGTH = 128;

interface Entry {
  fingerprint: string;
  result: ApiResult;
  expiresAt: number;
}

export class IdempotencyCache {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly now: () => number) {}

  private prune(): void {
    const now = this.now();
    for (const [key, entry] of this.entries) {
      if (entry.expiresAt > now) break; // insertion order is expiry order
      this.entries.delete(key);
    }
  }

  /** The stored answer, 'conflict' for a reused key, or undefined for a new key. */
  lookup(scope: string, key: string, fingerprint: string): ApiResult | 'conflict' | undefined {
    this.prune();
    const entry = this.entries.get(`${scope}\n${key}`);
    if (!entry) return undefined;
    return entry.fingerprint === fingerprint ? entry.result : 'conflict';
  }

  store(scope: string, key: string, fingerprint: string, result: ApiResult): void {
    this.entries.set(`${scope}\n${key}`, { fingerprint, result, expiresAt: this.now() + IDEMPOTENCY_WINDOW_MS });
  }

  clear(): void {
    this.entries.clear();
  }
}
