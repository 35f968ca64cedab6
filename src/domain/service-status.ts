import type { QueueState } from './queue-state.js';

/**
 * The service's state as the dashboard, the admin API and `magento-xero status` report it: the engine builds it, the web
 * layer renders it, so it lives with the vocabulary both share.
 */
export interface ServiceStatus {
  magento: { configured: boolean; status: string; detail?: string };
  xero: Array<{ tenantId: string; name: string; status: string; shortCode?: string }>;
  queue: Array<{ entity_type: string; state: QueueState; n: number }>;
  apiToday: Array<{ tenantId: string; calls: number; errors: number; rateLimited: number; dailyLimit: number }>;
  lastSuccessAt?: number;
  recentErrors: Array<{ at: number; entity_type: string; magento_id: string; message: string | null }>;
  /** The last daily reconciliation of Magento against Xero, when one has run. */
  reconciliation?: { at: number; from: string; to: string; agreed: boolean; issues: number; repairable: number; needsPerson: number; error?: string };
  /** Set when work is waiting: the daily budget is spent, a connection needs reconnecting, Xero asked us to wait. */
  banners: string[];
  /** The one thing a person should do now, with where to do it (the dashboard's single banner). */
  notice?: { text: string; href: string; action: string };
  /**
   * Documents posted with a rounding line or tax moved between lines, per UTC day (newest first, the last 7 days with
   * any): each is noted in its log line with amount and reason.
   */
  adjustments?: AdjustmentDay[];
  /** The go-live gate: closed until a person confirms the mapping ("Start syncing"); why nothing moves until then. */
  goLive?: { open: boolean; reason?: string };
  /** How long the queue has to go and why it goes no faster (src/domain/progress.ts). */
  progress?: QueueProgress;
}

/** The queue's estimate: one line for a person, its reason alone, and the minutes at the recent pace. */
export interface QueueProgress {
  outstanding: number;
  text: string;
  reason?: string;
  minutes?: number;
}

export interface AdjustmentDay {
  /** UTC day, YYYY-MM-DD. */
  day: string;
  documents: number;
  /** Sum of the rounding lines, in cents (signed). */
  roundingCents: number;
  /** Sum of the tax moved between lines, in cents (signed). */
  taxMovedCents: number;
}
