/**
 * In-memory organisations. Every collection is a Map in creation order with indexes for the look-ups a connector makes
 * (number, code, name, email), so 10,000 invoices cost no more per request than ten.
 */
import { randomUUID } from 'node:crypto';
import type {
  AccountRecord,
  AllocationRecord,
  ContactRecord,
  DocumentKind,
  DocumentRecord,
  ItemRecord,
  PaymentRecord,
  TaxRateRecord,
  TrackingCategoryRecord,
} from './model.js';
import type { Region, TenantOptions } from './options.js';
import { dayIn } from './dates.js';
import { regionSeed, seedAccounts, seedTaxRates } from './seed-accounts.js';

const key = (s: string) => s.trim().toLowerCase();

export class Organisation {
  readonly tenantId: string;
  readonly organisationId = randomUUID();
  readonly apiKey = randomUUID().replace(/-/g, '').slice(0, 30).toUpperCase();
  readonly name: string;
  readonly region: Region;
  readonly baseCurrency: string;
  readonly shortCode: string;
  readonly createdAt: number;
  currencies: string[];
  periodLockDate: number | undefined;
  endOfYearLockDate: number | undefined;

  readonly accounts = new Map<string, AccountRecord>();
  private readonly accountsByCode = new Map<string, string>();
  readonly taxRates = new Map<string, TaxRateRecord>();
  readonly tracking = new Map<string, TrackingCategoryRecord>();
  readonly contacts = new Map<string, ContactRecord>();
  private readonly contactsByNumber = new Map<string, string>();
  private readonly activeContactsByName = new Map<string, string>();
  private readonly contactsByEmail = new Map<string, Set<string>>();
  readonly items = new Map<string, ItemRecord>();
  private readonly itemsByCode = new Map<string, string>();
  readonly invoices = new Map<string, DocumentRecord>();
  readonly creditNotes = new Map<string, DocumentRecord>();
  private readonly documentsByNumber = new Map<string, string>();
  /** Every document by number whatever its status (the newest wins), for GET by number. */
  private readonly anyDocumentByNumber = new Map<string, string>();
  private readonly archivedContactsByName = new Map<string, string>();
  readonly payments = new Map<string, PaymentRecord>();
  readonly allocations = new Map<string, AllocationRecord>();
  private sequence = { invoice: 0, creditNote: 0, taxRate: 0 };

  constructor(options: TenantOptions, now: number) {
    const seed = regionSeed(options.region);
    this.tenantId = options.tenantId ?? randomUUID();
    this.name = options.name;
    this.region = options.region;
    this.baseCurrency = options.baseCurrency ?? seed.baseCurrency;
    this.currencies = [this.baseCurrency, ...(options.currencies ?? []).filter((c) => c !== this.baseCurrency)];
    this.shortCode = options.shortCode ?? `!${this.tenantId.replace(/-/g, '').slice(0, 5)}`;
    this.createdAt = now;
    this.periodLockDate = undefined;
    this.endOfYearLockDate = undefined;
    for (const account of seedAccounts(options.region, randomUUID, now)) this.putAccount(account);
    for (const rate of seedTaxRates(options.region)) this.taxRates.set(rate.TaxType, rate);
  }

  get seed() {
    return regionSeed(this.region);
  }

  // Accounts
  putAccount(account: AccountRecord, previousCode?: string): void {
    if (previousCode !== undefined) this.accountsByCode.delete(key(previousCode));
    this.accounts.set(account.AccountID, account);
    this.accountsByCode.set(key(account.Code), account.AccountID);
  }
  accountByCode(code: string): AccountRecord | undefined {
    const id = this.accountsByCode.get(key(code));
    return id === undefined ? undefined : this.accounts.get(id);
  }

  // Tax rates
  taxRate(taxType: string): TaxRateRecord | undefined {
    return this.taxRates.get(taxType.toUpperCase()) ?? this.taxRates.get(taxType);
  }
  /** Xero numbers the rates an organisation adds TAX001, TAX002...: the next after every one it holds (seeded ones too). */
  nextTaxType(): string {
    let highest = this.sequence.taxRate;
    for (const type of this.taxRates.keys()) {
      const m = /^TAX(\d+)$/.exec(type);
      if (m) highest = Math.max(highest, Number(m[1]));
    }
    this.sequence.taxRate = highest + 1;
    return `TAX${String(this.sequence.taxRate).padStart(3, '0')}`;
  }

  // Contacts
  putContact(contact: ContactRecord, previous?: ContactRecord): void {
    if (previous) {
      const n = previous.fields['ContactNumber'];
      if (typeof n === 'string') this.contactsByNumber.delete(key(n));
      if (this.activeContactsByName.get(key(previous.Name)) === previous.ContactID) {
        this.activeContactsByName.delete(key(previous.Name));
      }
      if (this.archivedContactsByName.get(key(previous.Name)) === previous.ContactID) {
        this.archivedContactsByName.delete(key(previous.Name));
      }
      const e = previous.fields['EmailAddress'];
      if (typeof e === 'string') this.contactsByEmail.get(key(e))?.delete(previous.ContactID);
    }
    this.contacts.set(contact.ContactID, contact);
    const n = contact.fields['ContactNumber'];
    if (typeof n === 'string' && n !== '') this.contactsByNumber.set(key(n), contact.ContactID);
    if (contact.ContactStatus === 'ACTIVE') this.activeContactsByName.set(key(contact.Name), contact.ContactID);
    else this.archivedContactsByName.set(key(contact.Name), contact.ContactID);
    const e = contact.fields['EmailAddress'];
    if (typeof e === 'string' && e !== '') {
      const set = this.contactsByEmail.get(key(e)) ?? new Set<string>();
      set.add(contact.ContactID);
      this.contactsByEmail.set(key(e), set);
    }
  }
  contactByNumber(n: string): ContactRecord | undefined {
    const id = this.contactsByNumber.get(key(n));
    return id === undefined ? undefined : this.contacts.get(id);
  }
  activeContactByName(name: string): ContactRecord | undefined {
    const id = this.activeContactsByName.get(key(name));
    return id === undefined ? undefined : this.contacts.get(id);
  }
  archivedContactByName(name: string): ContactRecord | undefined {
    const id = this.archivedContactsByName.get(key(name));
    return id === undefined ? undefined : this.contacts.get(id);
  }
  contactsByEmailAddress(email: string): ContactRecord[] {
    const ids = this.contactsByEmail.get(key(email));
    if (!ids) return [];
    return [...ids].map((id) => this.contacts.get(id)).filter((c): c is ContactRecord => c !== undefined);
  }

  // Items
  putItem(item: ItemRecord, previousCode?: string): void {
    if (previousCode !== undefined) this.itemsByCode.delete(key(previousCode));
    this.items.set(item.ItemID, item);
    this.itemsByCode.set(key(item.Code), item.ItemID);
  }
  deleteItem(item: ItemRecord): void {
    this.items.delete(item.ItemID);
    this.itemsByCode.delete(key(item.Code));
  }
  itemByCode(code: string): ItemRecord | undefined {
    const id = this.itemsByCode.get(key(code));
    return id === undefined ? undefined : this.items.get(id);
  }

  // Invoices and credit notes: numbers are unique per Type among documents that are not DELETED.
  documents(kind: DocumentKind): Map<string, DocumentRecord> {
    return kind === 'invoice' ? this.invoices : this.creditNotes;
  }
  private numberKey(kind: DocumentKind, type: string, n: string): string {
    return `${kind}:${type}:${key(n)}`;
  }
  putDocument(doc: DocumentRecord, previous?: DocumentRecord): void {
    if (previous) {
      const k = this.numberKey(previous.kind, previous.Type, previous.number);
      if (this.documentsByNumber.get(k) === previous.id) this.documentsByNumber.delete(k);
    }
    this.documents(doc.kind).set(doc.id, doc);
    if (doc.number !== '' && doc.status !== 'DELETED') {
      this.documentsByNumber.set(this.numberKey(doc.kind, doc.Type, doc.number), doc.id);
    }
    if (doc.number !== '') {
      const anyKey = `${doc.kind}:${key(doc.number)}`;
      const current = this.documents(doc.kind).get(this.anyDocumentByNumber.get(anyKey) ?? '');
      if (!current || current.id === doc.id || current.status === 'DELETED' || doc.status !== 'DELETED') {
        this.anyDocumentByNumber.set(anyKey, doc.id);
      }
    }
  }
  documentByNumber(kind: DocumentKind, type: string, n: string): DocumentRecord | undefined {
    const id = this.documentsByNumber.get(this.numberKey(kind, type, n));
    return id === undefined ? undefined : this.documents(kind).get(id);
  }
  /** GET /Invoices/{InvoiceNumber}: the number alone, whatever the type. */
  documentByAnyNumber(kind: DocumentKind, n: string): DocumentRecord | undefined {
    const types = kind === 'invoice' ? ['ACCREC', 'ACCPAY'] : ['ACCRECCREDIT', 'ACCPAYCREDIT'];
    for (const t of types) {
      const d = this.documentByNumber(kind, t, n);
      if (d) return d;
    }
    const id = this.anyDocumentByNumber.get(`${kind}:${key(n)}`);
    return id === undefined ? undefined : this.documents(kind).get(id);
  }
  nextDocumentNumber(kind: DocumentKind, type: string): string {
    const prefix = kind === 'invoice' ? 'INV-' : 'CN-';
    for (;;) {
      this.sequence[kind] += 1;
      const candidate = `${prefix}${String(this.sequence[kind]).padStart(4, '0')}`;
      if (!this.documentByNumber(kind, type, candidate)) return candidate;
    }
  }

  /** Today in the organisation's time zone: the date of a document or payment sent without one. */
  today(now: number): number {
    return dayIn(this.seed.zone, now);
  }

  isCurrencyEnabled(code: string): boolean {
    return this.currencies.includes(code.toUpperCase());
  }
}

export class EmulatorState {
  readonly organisations = new Map<string, Organisation>();

  private readonly tenants: TenantOptions[];

  /** Tenant ids are fixed here once, so a reset keeps every connection and token valid. */
  constructor(
    tenants: TenantOptions[],
    private readonly now: () => number,
  ) {
    this.tenants = tenants.map((t) => ({ ...t, tenantId: (t.tenantId ?? randomUUID()).toLowerCase() }));
    this.reset();
  }

  reset(): void {
    this.organisations.clear();
    for (const t of this.tenants) {
      const org = new Organisation(t, this.now());
      this.organisations.set(org.tenantId, org);
    }
  }

  get(tenantId: string): Organisation | undefined {
    return this.organisations.get(tenantId.toLowerCase()) ?? this.organisations.get(tenantId);
  }
}
