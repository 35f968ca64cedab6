/**
 * Injected failures for resilience tests: 500, 503, 429, a slow answer, a dropped connection (before the request is
 * processed, or after it was processed and saved, so the client never learns the outcome), or `summarize`: a batch
 * handled as if summarizeErrors were left on whatever the client asked, so one bad element answers 400 while the good
 * ones are saved (Xero's default; the query can be lost on the way, and Xero-Net#285 shows Xero not honouring it).
 */
export type FaultKind = '500' | '503' | '429' | 'slow' | 'drop' | 'drop-after' | 'summarize';
export const FAULT_KINDS: readonly FaultKind[] = ['500', '503', '429', 'slow', 'drop', 'drop-after', 'summarize'];

export interface FaultRule {
  kind: FaultKind;
  /** Probability per matching request, 0..1. */
  rate?: number;
  /** Fire on the next N matching requests, then stop. */
  next?: number;
  /** Applies only to API paths containing this text, or matching it as /regex/. */
  path?: string;
  method?: string;
  /** For `slow`: milliseconds of delay. */
  ms?: number;
}

export class FaultInjector {
  private rules: FaultRule[] = [];
  private seed: number;

  constructor(seed: number) {
    this.seed = seed >>> 0 || 1;
  }

  add(rule: FaultRule): void {
    this.rules.push({ ...rule });
  }

  clear(): void {
    this.rules = [];
  }

  list(): FaultRule[] {
    return this.rules.map((r) => ({ ...r }));
  }

  /** The fault that applies to this request, if any; a `next` rule is used up as it fires. */
  draw(method: string, path: string): FaultRule | undefined {
    for (const rule of this.rules) {
      if (rule.method && rule.method.toUpperCase() !== method.toUpperCase()) continue;
      if (rule.path && !matches(rule.path, path)) continue;
      if (rule.next !== undefined) {
        if (rule.next <= 0) continue;
        rule.next -= 1;
        return rule;
      }
      if (rule.rate !== undefined && this.random() < rule.rate) return rule;
    }
    this.rules = this.rules.filter((r) => r.next === undefined || r.next > 0);
    return undefined;
  }

  /** xorshift32: reproducible draws for a given seed. */
  private random(): number {
    let x = this.seed;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.seed = x >>> 0;
    return this.seed / 0x1_0000_0000;
  }
}

function matches(pattern: string, path: string): boolean {
  const regex = /^\/(.*)\/([a-z]*)$/.exec(pattern);
  if (regex) return new RegExp(regex[1] ?? '', regex[2]).test(path);
  return path.toLowerCase().includes(pattern.toLowerCase());
}
