import { connectionSecretPlace, SecretError, type SecretBox } from '../security/secrets.js';
import type { Storage } from '../storage/storage.js';

export interface ResealReport {
  /** Connection rows whose secret was sealed again with the current key (and bound to its row). */
  resealed: string[];
  /** Rows already sealed with the current key. */
  current: number;
  /** Rows that no key opens (a SECRET_KEY dropped too early): the connection must be made again. */
  unreadable: Array<{ id: string; problem: string }>;
}

/**
 * Seals every stored secret made with a previous key (or in the old format without its row bound) with the current
 * SECRET_KEY. Run at every start and by `magento-xero secrets reseal`, so after one start with SECRET_KEY_PREVIOUS set
 * nothing needs the old key any more. Safe with several processes: each row is replaced only if unchanged since read.
 */
export async function resealSecrets(storage: Storage, box: SecretBox, now = Date.now()): Promise<ResealReport> {
  const report: ResealReport = { resealed: [], current: 0, unreadable: [] };
  for (const row of await storage.connections.list()) {
    if (!row.secret) continue;
    if (!box.isStale(row.secret)) {
      report.current += 1;
      continue;
    }
    const place = connectionSecretPlace(row.id);
    let plain: string;
    try {
      plain = box.open(row.secret, place);
    } catch (error) {
      if (!(error instanceof SecretError)) throw error;
      report.unreadable.push({ id: row.id, problem: error.message });
      continue;
    }
    // Lost the race to a token refresh: what is stored now was sealed with the current key.
    if (await storage.connections.replaceSecret(row.id, row.secret, box.seal(plain, place), now)) report.resealed.push(row.id);
    else report.current += 1;
  }
  return report;
}
