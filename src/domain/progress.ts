// How long the queue will take and why it is not moving faster: what the queue page, the dashboard and the command line's
// progress line say during a long wait (a backfill paused for Xero's limit, records waiting for the go-live gate).

export interface DrainInput {
  /** Entries still to post (pending, running, waiting, failed). */
  outstanding: number;
  /** Entries that waited, grouped by what they wait for (the queue's message), most first or not. */
  waiting: ReadonlyArray<{ reason: string; n: number }>;
  /** Entries finished (done or skipped) in the last `windowMinutes`, and the Xero calls made in that time. */
  recent: { finished: number; calls: number; windowMinutes: number };
  /** Calls left today under Xero's daily limit (the organisation with the fewest); undefined when unknown. */
  callsLeftToday?: number | undefined;
  /** Xero's per-minute limit. */
  perMinute: number;
  /** Why nothing is posted at all (the go-live gate, Xero not connected), when that is so. */
  blocked?: string | undefined;
  /** Xero asked us to wait until then (429 Retry-After), in ms since the epoch. */
  pausedUntil?: number | undefined;
  now: number;
}

export interface DrainEstimate {
  /** Why it is slow or still: one sentence, or undefined when the queue simply moves. */
  reason?: string;
  /** Minutes to go at the recent pace (undefined when nothing moved lately or nothing is left). */
  minutes?: number;
  /** One line for a person: "276 to go, about 12 minutes at 23 a minute. Waiting for Xero's per-minute limit." */
  text: string;
}

function duration(minutes: number): string {
  if (minutes < 1) return 'less than a minute';
  if (minutes < 90) return `about ${Math.round(minutes)} minute${Math.round(minutes) === 1 ? '' : 's'}`;
  const hours = minutes / 60;
  return hours < 36 ? `about ${Math.round(hours)} hours` : `about ${Math.round(hours / 24)} days`;
}

/** The estimate and its reason, from the queue's depth, the recent pace, and what Xero's limits leave today. */
export function drainEstimate(input: DrainInput): DrainEstimate {
  const { outstanding, recent } = input;
  if (outstanding === 0) return { text: 'Queue is drained.' };
  const reasons: string[] = [];
  if (input.blocked) reasons.push(input.blocked);
  if (input.callsLeftToday === 0) reasons.push("Xero's daily API limit is spent: posting resumes after midnight UTC.");
  else if (input.pausedUntil !== undefined && input.pausedUntil > input.now) {
    reasons.push(`Xero asked us to wait: posting resumes in ${duration((input.pausedUntil - input.now) / 60_000)}.`);
  }
  const pace = recent.windowMinutes > 0 ? recent.finished / recent.windowMinutes : 0;
  const callsPerRecord = recent.finished > 0 ? recent.calls / recent.finished : undefined;
  let minutes: number | undefined;
  if (pace > 0 && !input.blocked && input.callsLeftToday !== 0) {
    minutes = outstanding / pace;
    // Going by calls: Xero's per-minute limit bounds the pace whatever the machine could do.
    if (callsPerRecord !== undefined && recent.calls / recent.windowMinutes >= input.perMinute * 0.9) {
      reasons.push(`Xero allows ${input.perMinute} calls a minute: that limit sets the pace now.`);
    }
    if (callsPerRecord !== undefined && input.callsLeftToday !== undefined) {
      const needed = Math.ceil(outstanding * callsPerRecord);
      if (needed > input.callsLeftToday) {
        reasons.push(`About ${needed} more Xero calls are needed and ${input.callsLeftToday} are left today: the rest waits for midnight UTC.`);
      }
    }
  }
  const top = [...input.waiting].sort((a, b) => b.n - a.n)[0];
  if (top && top.n > 0 && reasons.length === 0) reasons.push(`${top.n} waiting: ${top.reason}`);
  const reason = reasons.length > 0 ? reasons.join(' ') : undefined;
  const eta = minutes !== undefined ? `, ${duration(minutes)} at ${pace >= 10 ? Math.round(pace) : pace.toFixed(1)} a minute` : '';
  return {
    ...(reason ? { reason } : {}),
    ...(minutes !== undefined ? { minutes } : {}),
    text: `${outstanding} to go${eta}.${reason ? ` ${reason}` : ''}`,
  };
}
