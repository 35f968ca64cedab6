import type { XeroContact, XeroContactPayload } from '../domain/xero.js';
import { clashFallbackName, isContactNameClash } from '../mapping/contact.js';
import { contentHash, idempotencyKey } from '../mapping/numbers.js';
import type { XeroAccounting } from '../xero/accounting.js';
import type { BatchResult } from '../xero/batch.js';
import { ContactDirectory, type KnownContact } from './contact-directory.js';

export interface ContactRequest<K> {
  key: K;
  payload: XeroContactPayload;
  /** The Xero contact this record is already linked to, if any. */
  linkedId?: string;
  /** An earlier attempt may have created it: look it up by number before creating. */
  uncertain?: boolean;
  /**
   * A guest's contact: it may reuse a contact that already has the guest's email (a registered customer's), but never
   * changes it: the customer keeps their contact number, name and address.
   */
  guest?: boolean;
}

export type ContactResult =
  /** reuse: a guest's order goes to the contact that already has its email, which is left as it is. */
  | { ok: true; contact: KnownContact; action: 'create' | 'update' | 'adopt' | 'reuse' }
  | { ok: false; message: string };

const ARCHIVED =
  'The specified contact details matched an archived contact. Archived contacts cannot currently be edited via the API.';

/**
 * Creates or updates contacts in batches of 50, exactly once: an existing contact with the same ContactNumber (or email)
 * is adopted rather than duplicated, a name that belongs to another contact becomes "Name (email)", and each element's
 * answer is handled on its own.
 */
export class ContactWriter {
  private readonly directories = new Map<string, ContactDirectory>();

  directory(tenantId: string): ContactDirectory {
    let d = this.directories.get(tenantId);
    if (!d) this.directories.set(tenantId, (d = new ContactDirectory()));
    return d;
  }

  async write<K>(xero: XeroAccounting, requests: readonly ContactRequest<K>[], signal?: AbortSignal): Promise<Map<K, ContactResult>> {
    const results = new Map<K, ContactResult>();
    const directory = this.directory(xero.tenantId);
    await directory.load(xero, signal);
    const uncertain = requests.filter((r) => r.uncertain && !r.linkedId).map((r) => r.payload.ContactNumber);
    if (uncertain.length > 0) await directory.refresh(xero, uncertain, signal);

    const creates: Array<ContactRequest<K>> = [];
    const updates: Array<ContactRequest<K>> = [];
    const namesInBatch = new Set<string>();
    for (const request of requests) {
      const payload = { ...request.payload };
      const existing = request.linkedId ? undefined : directory.find(payload.ContactNumber, payload.EmailAddress);
      if (existing?.ContactStatus === 'ARCHIVED') {
        results.set(request.key, { ok: false, message: `${ARCHIVED} (Xero contact "${existing.Name ?? ''}"): restore it in Xero, or change the customer's email.` });
        continue;
      }
      if (request.guest && existing && existing.ContactNumber !== payload.ContactNumber) {
        results.set(request.key, { ok: true, contact: existing, action: 'reuse' });
        continue;
      }
      const targetId = request.linkedId ?? existing?.ContactID ?? undefined;
      // Avoid the round trip of a clash we can see coming: another active contact, or another record in this batch.
      const owner = directory.named(payload.Name);
      const lower = payload.Name.trim().toLowerCase();
      if ((owner && owner.ContactID !== targetId) || namesInBatch.has(lower)) {
        payload.Name = clashFallbackName(payload.Name, payload.EmailAddress ?? payload.ContactNumber);
      }
      namesInBatch.add(payload.Name.trim().toLowerCase());
      if (targetId) updates.push({ ...request, payload: { ...payload, ContactID: targetId }, linkedId: targetId });
      else creates.push({ ...request, payload });
    }

    await this.send(xero, 'create', creates, results, signal);
    await this.send(xero, 'update', updates, results, signal);
    return results;
  }

  private async send<K>(
    xero: XeroAccounting,
    action: 'create' | 'update',
    requests: Array<ContactRequest<K>>,
    results: Map<K, ContactResult>,
    signal?: AbortSignal,
    retryingClash = false,
  ): Promise<void> {
    const directory = this.directory(xero.tenantId);
    for (let i = 0; i < requests.length; i += 50) {
      const chunk = requests.slice(i, i + 50);
      const payloads = chunk.map((r) => r.payload);
      const hash = contentHash(payloads);
      const key = idempotencyKey(`contacts-${action}`, `${xero.tenantId}:${payloads.map((p) => p.ContactNumber).join(',')}`, hash);
      const opts = { idempotencyKey: key, ...(signal ? { signal } : {}) };
      const answers: BatchResult<XeroContact>[] =
        action === 'create' ? await xero.putContacts(payloads, opts) : await xero.postContacts(payloads, opts);
      const clashes: Array<ContactRequest<K>> = [];
      answers.forEach((answer, index) => {
        const request = chunk[index]!;
        if (answer.ok) {
          directory.add(answer.record);
          const adopted = action === 'update' && !request.linkedId;
          results.set(request.key, {
            ok: true,
            contact: answer.record,
            action: adopted ? 'adopt' : action,
          });
        } else if (!retryingClash && answer.messages.some(isContactNameClash)) {
          const p = request.payload;
          clashes.push({ ...request, payload: { ...p, Name: clashFallbackName(p.Name, p.EmailAddress ?? p.ContactNumber) } });
        } else {
          results.set(request.key, { ok: false, message: answer.messages.join(' ') });
        }
      });
      if (clashes.length > 0) await this.send(xero, action, clashes, results, signal, true);
    }
  }
}
