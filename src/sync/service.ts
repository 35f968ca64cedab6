import type { EntityType } from '../domain/entity-types.js';

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
  /** How long the queue has to go and why it goes no faster (the queue page's live line). */
  progress?(): Promise<QueueProgress>;
  /** Connection states, queue depth, today's API use, recent errors, last success: the dashboard and `status`. */
  status(): Promise<ServiceStatus>;
  /** The go-live review of an organisation (the default one when none is named): what "Start syncing" confirms. */
  goLiveReview?(tenantId?: string): Promise<GoLiveReview>;
  /** "Start syncing": confirms the mapping, allows the listed new tax rates chosen, opens the gate, wakes the worker. */
  startSyncing?(options: { tenantId?: string; createTaxRates: 'all' | 'none' | readonly string[] }): Promise<GoLiveReview>;
}

export interface EnqueueOptions {
  ids?: readonly string[];
  /** Magento `updated_at` lower bound, YYYY-MM-DD or YYYY-MM-DD HH:MM:SS (UTC). */
  since?: string;
  storeId?: number;
  onProgress?: (queued: number, total: number | undefined) => void;
}

export interface RecordSyncResult {
  status: 'success' | 'error' | 'skipped' | 'waiting';
  /** What people call the record: its Magento number (increment_id), SKU or email, when known. */
  number?: string;
  message?: string;
  xeroId?: string;
  xeroNumber?: string;
  xeroUrl?: string;
}

import type { QueueProgress, ServiceStatus } from '../domain/service-status.js';
import type { GoLiveReview } from '../settings/go-live.js';
export type { ServiceStatus };
