/**
 * Xero's per-tenant limits on the emulator's clock: calls in the last minute, calls in the last 24 hours, calls in
 * flight, and the app-wide minute limit. Windows slide, as Xero's do.
 */
import type { Limits } from './options.js';

const MINUTE = 60_000;
const DAY = 86_400_000;

class Window {
  private stamps: number[] = [];
  private head = 0;
  constructor(private readonly span: number) {}
  prune(now: number): void {
    while (this.head < this.stamps.length && (this.stamps[this.head] ?? 0) <= now - this.span) this.head += 1;
    if (this.head > 1024 && this.head * 2 > this.stamps.length) {
      this.stamps = this.stamps.slice(this.head);
      this.head = 0;
    }
  }
  count(now: number): number {
    this.prune(now);
    return this.stamps.length - this.head;
  }
  add(now: number): void {
    this.stamps.push(now);
  }
  /** Seconds until the oldest call leaves the window. */
  retryAfter(now: number): number {
    const oldest = this.stamps[this.head] ?? now;
    return Math.max(1, Math.ceil((oldest + this.span - now) / 1000));
  }
}

interface TenantUsage {
  minute: Window;
  day: Window;
  inFlight: number;
  limits?: Partial<Limits>;
}

/** What X-Rate-Limit-Problem names: the tenant's minute, day or concurrency limit, or the app-wide minute limit. */
export type LimitProblem = 'minute' | 'day' | 'concurrent' | 'appminute';

export interface LimitDecision {
  allowed: boolean;
  problem?: LimitProblem;
  retryAfter?: number;
  headers: Record<string, string>;
}

export class RateLimiter {
  private readonly tenants = new Map<string, TenantUsage>();
  private readonly app = new Window(MINUTE);

  constructor(
    private limits: Limits,
    private readonly appPerMinute: number,
    private readonly now: () => number,
  ) {}

  setLimits(limits: Partial<Limits>, tenantId?: string): void {
    if (tenantId === undefined) this.limits = { ...this.limits, ...limits };
    else {
      const usage = this.usage(tenantId);
      usage.limits = { ...usage.limits, ...limits };
    }
  }

  currentLimits(tenantId?: string): Limits {
    const own = tenantId === undefined ? undefined : this.tenants.get(tenantId)?.limits;
    return { ...this.limits, ...own };
  }

  reset(): void {
    this.tenants.clear();
  }

  private usage(tenantId: string): TenantUsage {
    let u = this.tenants.get(tenantId);
    if (!u) {
      u = { minute: new Window(MINUTE), day: new Window(DAY), inFlight: 0 };
      this.tenants.set(tenantId, u);
    }
    return u;
  }

  /** Takes one call if the limits allow it; `release` must follow when the call is answered. */
  acquire(tenantId: string): LimitDecision {
    const now = this.now();
    const u = this.usage(tenantId);
    const limits = this.currentLimits(tenantId);
    const minuteUsed = u.minute.count(now);
    const dayUsed = u.day.count(now);
    const appUsed = this.app.count(now);
    const headers = (taken: number) => ({
      'x-minlimit-remaining': String(Math.max(0, limits.perMinute - minuteUsed - taken)),
      'x-daylimit-remaining': String(Math.max(0, limits.perDay - dayUsed - taken)),
      'x-appminlimit-remaining': String(Math.max(0, this.appPerMinute - appUsed - taken)),
    });
    let problem: LimitProblem | undefined;
    let retryAfter = 1;
    if (dayUsed >= limits.perDay) {
      problem = 'day';
      retryAfter = u.day.retryAfter(now);
    } else if (minuteUsed >= limits.perMinute) {
      problem = 'minute';
      retryAfter = u.minute.retryAfter(now);
    } else if (appUsed >= this.appPerMinute) {
      problem = 'appminute';
      retryAfter = this.app.retryAfter(now);
    } else if (u.inFlight >= limits.concurrent) {
      problem = 'concurrent';
    }
    if (problem) return { allowed: false, problem, retryAfter, headers: headers(0) };
    u.minute.add(now);
    u.day.add(now);
    this.app.add(now);
    u.inFlight += 1;
    return { allowed: true, headers: headers(1) };
  }

  inFlight(tenantId: string): number {
    return this.tenants.get(tenantId)?.inFlight ?? 0;
  }

  release(tenantId: string): void {
    const u = this.tenants.get(tenantId);
    if (u && u.inFlight > 0) u.inFlight -= 1;
  }
}
