// Stable identities: the numbers and codes that let the engine find "the same" Xero record again (invariant 2),
// plus the content hash and idempotency key derived from a payload.
import { createHash } from 'node:crypto';

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** JSON with object keys sorted, so equal payloads hash equally whatever the key order. */
export function stableJson(value: unknown): string {
  if (value === undefined) return 'null';
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  // Written with plain loops: this runs over every document posted, and the entries/filter/sort/map version allocated
  // several arrays per object (bench/RESULTS.md §7). The text is the same, so stored content hashes stay valid.
  if (Array.isArray(value)) {
    let out = '[';
    // An undefined element is written null, as JSON.stringify does: stableJson(undefined) is already "null".
    for (let i = 0; i < value.length; i++) out += (i > 0 ? ',' : '') + stableJson(value[i]);
    return out + ']';
  }
  const record = value as Record<string, unknown>;
  // The default sort orders strings by UTF-16 code units, which is what the comparator `a < b ? -1 : a > b ? 1 : 0`
  // written here before did (ECMAScript SortCompare with no comparefn: IsLessThan on the two strings); object keys are
  // unique, so there are no ties to order. Same text, same hashes.
  const keys = Object.keys(record).sort();
  let out = '{';
  let first = true;
  for (const key of keys) {
    const v = record[key];
    if (v === undefined) continue;
    out += (first ? '' : ',') + JSON.stringify(key) + ':' + stableJson(v);
    first = false;
  }
  return out + '}';
}

/** sha256 of the stable JSON: unchanged records are not written again. */
export function contentHash(payload: unknown): string {
  return sha256Hex(stableJson(payload));
}

/**
 * Idempotency-Key for a write: the document's identity plus the content hash, so a retry of the same request reuses the
 * key and a changed payload gets a new one. At most 128 characters (Xero's limit).
 */
export function idempotencyKey(operation: string, identity: string, payloadHash: string): string {
  const readable = `${operation}:${identity}`.replace(/[^\w:.\-]/g, '_');
  const hashPart = payloadHash.slice(0, 40);
  const full = `${readable}:${hashPart}`;
  if (full.length <= 128) return full;
  return `${readable.slice(0, 40)}:${sha256Hex(readable).slice(0, 40)}:${hashPart}`;
}

export function invoiceNumber(prefix: string, incrementId: string): string {
  return `${prefix}${incrementId}`;
}

export function creditNoteNumber(prefix: string, incrementId: string): string {
  return `${prefix}${incrementId}`;
}

const CONTACT_NUMBER_MAX = 50;

export function customerContactNumber(prefix: string, customerId: number): string {
  return fitContactNumber(`${prefix}C${customerId}`);
}

/** A guest's contact: derived from the normalised email so every order by that email finds the same contact. */
export function guestContactNumber(prefix: string, email: string): string {
  return fitContactNumber(`${prefix}G-${sha256Hex(email.trim().toLowerCase()).slice(0, 16)}`);
}

export function genericGuestContactNumber(prefix: string): string {
  return fitContactNumber(`${prefix}GUESTS`);
}

function fitContactNumber(candidate: string): string {
  if (candidate.length <= CONTACT_NUMBER_MAX) return candidate;
  return `${candidate.slice(0, 33)}~${sha256Hex(candidate).slice(0, 16)}`;
}

export const ITEM_CODE_MAX = 30;

/** Xero item Code: the SKU when it fits, else a deterministic short code (prefix + hash of the full SKU). */
export function itemCodeForSku(sku: string): { code: string; shortened: boolean } {
  const trimmed = sku.trim();
  if (trimmed.length <= ITEM_CODE_MAX) return { code: trimmed, shortened: false };
  return { code: `${trimmed.slice(0, 19)}~${sha256Hex(trimmed).slice(0, 10)}`, shortened: true };
}
