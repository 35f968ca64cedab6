import type { QueueEntry } from '../storage/queue-repository.js';
import type { EntityType } from './entity-types.js';

/**
 * What the admin UI, the admin API and the command line may ask of the sync engine. The composition root builds the
 * real one; tests may pass a fake. Everything here is safe to call from a request handler (long work runs in the worker).
 */
export interface SyncService {
  /** Queues Magento records: the given ids, everything changed since a date, or the whole store (streamed, page by page). */
  enqueue(entity: EntityType | 'all', options?: EnqueueOptions): Promise<{ queued: number }>;
  /** Makes the given queue entries (or all waiting ones) due now and wakes the worker. */
  syncNow(entryIds?: readonly number[]): Promise<{ expedited: number }>;
  /** Posts one record now, bypassing the queue's schedule (still exactly once), and says what happened. */
  syncRecord(entity: EntityType, magentoId: string, storeId?: number): Promise<RecordSyncResult>;
  /** Creates the mapped Xero accounts that do not exist yet (one per request); never renames or deletes. */
  syncAccounts(): Promise<{ created: string[]; existing: string[] }>;
  /** Connection states, queue depth, today's API use, recent errors, last success: the dashboard and `status`. */
  status(): Promise<ServiceStatus>;
}

export interface EnqueueOptions {
  ids?: readonly string[];
  /** Magento `updated_at` lower bound, YYYY-MM-DD or YYYY-MM-DD HH:MM:SS (UTC). */
  since?: string;
  storeId?: number;
  onProgress?: (queued: number, total: number | undefined) => void;
}

export interface RecordSyncResult {
  status: 'success' | 'error' | 'skipped';
  message?: string;
  xeroId?: string;
  xeroNumber?: string;
  xeroUrl?: string;
}

export interface ServiceStatus {
  magento: { configured: boolean; status: string; detail?: string };
  xero: Array<{ tenantId: string; name: string; status: string; shortCode?: string }>;
  queue: Array<{ entity_type: string; state: QueueEntry['state']; n: number }>;
  apiToday: Array<{ tenantId: string; calls: number; errors: number; rateLimited: number; dailyLimit: number }>;
  lastSuccessAt?: number;
  recentErrors: Array<{ at: number; entity_type: string; magento_id: string; message: string | null }>;
  /** The last daily reconciliation of Magento against Xero, when one has run. */
  reconciliation?: { at: number; from: string; to: string; agreed: boolean; issues: number; repairable: number; needsPerson: number; error?: string };
  /** Set when work is waiting: the daily budget is spent, a connection needs reconnecting, Xero asked us to wait. */
  banners: string[];
}
