// Deterministic crash points, for the exactly-once tests only. MAGENTO_XERO_CRASH_AFTER=invoice:3 makes the process kill
// itself (SIGKILL: no clean-up, no finally blocks, the same as a power cut) right after its third invoice write: Xero has
// answered, and the link to what Xero made is not yet recorded. That is the moment a random kill -9 rarely lands on, and
// the one the look-ups before create and before retry exist for; the tests put a crash there on purpose for every writer.
//
// It can never be armed by accident: the switch is refused (the process does not start) unless NODE_ENV=test.
import { writeSync } from 'node:fs';
import { z } from 'zod';

/** What a crash point counts: a write to Xero of one kind (one call, whatever its batch size), or a batch's outcomes stored in the queue. */
export const CRASH_KINDS = ['contact', 'item', 'invoice', 'payment', 'credit-note', 'allocation', 'outcome'] as const;
export type CrashKind = (typeof CRASH_KINDS)[number];

export const CRASH_VARIABLE = 'MAGENTO_XERO_CRASH_AFTER';

/** The Xero collection a write went to → the crash point that counts it (account, tax rate and tracking writes count for none). */
const KIND_OF_COLLECTION: Record<string, CrashKind> = {
  Contacts: 'contact',
  Items: 'item',
  Invoices: 'invoice',
  Payments: 'payment',
  CreditNotes: 'credit-note',
  Allocations: 'allocation',
};

export function crashKindOfCollection(collection: string): CrashKind | undefined {
  return KIND_OF_COLLECTION[collection];
}

const specSchema = z
  .string()
  .trim()
  .min(1)
  .transform((text, ctx) => {
    const points = new Map<CrashKind, number>();
    for (const part of text.split(',')) {
      const m = /^\s*([a-z-]+):(\d+)\s*$/.exec(part);
      const kind = m?.[1] as CrashKind | undefined;
      const n = m ? Number(m[2]) : 0;
      if (!m || !kind || !CRASH_KINDS.includes(kind) || n < 1 || points.has(kind)) {
        ctx.addIssue({
          code: 'custom',
          message: `${CRASH_VARIABLE} must be kind:N[,kind:N] with N ≥ 1 and each kind once, the kinds being ${CRASH_KINDS.join(', ')} (got "${part.trim()}")`,
        });
        return z.NEVER;
      }
      points.set(kind, n);
    }
    return points;
  });

export interface CrashPoints {
  /** Counts one write (or one stored batch of outcomes) of this kind; at the armed count the process dies. */
  hit(kind: CrashKind): void;
}

export const NO_CRASH_POINTS: CrashPoints = { hit: () => undefined };

/** Dies at once, without unwinding: the state left behind is exactly what a kill -9 at this moment leaves. */
function killSelf(message: string): void {
  writeSync(2, `${message}\n`);
  process.kill(process.pid, 'SIGKILL');
}

export function armCrashPoints(points: ReadonlyMap<CrashKind, number>, die: (message: string) => void = killSelf): CrashPoints {
  if (points.size === 0) return NO_CRASH_POINTS;
  const counts = new Map<CrashKind, number>();
  return {
    hit(kind) {
      const at = points.get(kind);
      if (at === undefined) return;
      const n = (counts.get(kind) ?? 0) + 1;
      counts.set(kind, n);
      if (n === at) die(`crash point: killed right after ${kind} write ${n} (${CRASH_VARIABLE})`);
    },
  };
}

/**
 * Reads the switch from the environment at start-up. Unset: no crash points. Set outside NODE_ENV=test, or malformed:
 * an error that names the variable, so the process refuses to start rather than run with (or silently without) it.
 */
export function crashPointsFromEnvironment(env: NodeJS.ProcessEnv, die?: (message: string) => void): CrashPoints {
  const raw = env[CRASH_VARIABLE];
  if (raw === undefined || raw.trim() === '') return NO_CRASH_POINTS;
  if (env['NODE_ENV'] !== 'test') {
    throw new Error(
      `${CRASH_VARIABLE} is a test-only switch that kills this process on purpose; it is refused unless NODE_ENV=test. Remove it from the environment.`,
    );
  }
  const parsed = specSchema.safeParse(raw);
  if (!parsed.success) throw new Error(parsed.error.issues.map((i) => i.message).join('; '));
  return armCrashPoints(parsed.data, die);
}
