// The fixed shape of the sandbox store: two websites, three store views with their currencies and timezones, and the
// tax rates of the regions orders ship to.
import type { CurrencyInfo, MagentoRecord } from '../store.js';

export interface StoreView {
  id: number;
  code: string;
  name: string;
  websiteId: number;
  groupId: number;
  currency: string;
  /** base_to_order_rate from the base currency (USD). */
  rate: number;
  timezone: string;
  locale: string;
  pricesIncludeTax: boolean;
  /** Destinations orders of this store view ship to. */
  regions: readonly string[];
  storeName: string;
}

export const BASE_CURRENCY = 'USD';

export const STORE_VIEWS: readonly StoreView[] = [
  {
    id: 1, code: 'default', name: 'Default Store View', websiteId: 1, groupId: 1, currency: 'USD', rate: 1,
    timezone: 'America/Los_Angeles', locale: 'en_US', pricesIncludeTax: false,
    regions: ['US-CA', 'US-NY', 'US-TX', 'AU-NSW', 'CA-BC'], storeName: 'Main Website\nMain Website Store\nDefault Store View',
  },
  {
    id: 2, code: 'uk', name: 'UK Store View', websiteId: 2, groupId: 2, currency: 'GBP', rate: 0.7856,
    timezone: 'Europe/London', locale: 'en_GB', pricesIncludeTax: true,
    regions: ['GB'], storeName: 'Europe Website\nEurope Store\nUK Store View',
  },
  {
    id: 3, code: 'de', name: 'German Store View', websiteId: 2, groupId: 2, currency: 'EUR', rate: 0.9213,
    timezone: 'Europe/Berlin', locale: 'de_DE', pricesIncludeTax: true,
    regions: ['DE'], storeName: 'Europe Website\nEurope Store\nGerman Store View',
  },
];

export interface Region {
  key: string;
  country: string;
  regionCode?: string;
  region?: string;
  regionId?: number;
  cities: ReadonlyArray<{ city: string; postcode: string; street: string; telephone: string }>;
  /** Tax applied here: one group of rates of the same priority, combined into one percent. */
  tax?: { code: string; title: string; rates: ReadonlyArray<{ code: string; title: string; percent: number; rateId: number }> };
  shippingTaxed: boolean;
}

export const REGIONS: Readonly<Record<string, Region>> = {
  'US-CA': {
    key: 'US-CA', country: 'US', regionCode: 'CA', region: 'California', regionId: 12, shippingTaxed: false,
    cities: [
      { city: 'Los Angeles', postcode: '90012', street: '200 N Spring St', telephone: '213-555-0142' },
      { city: 'San Francisco', postcode: '94103', street: '1 Market St', telephone: '415-555-0199' },
    ],
    tax: { code: 'US-CA-*-Rate 1', title: 'California Sales Tax', rates: [{ code: 'US-CA-*-Rate 1', title: 'California Sales Tax', percent: 8.25, rateId: 1 }] },
  },
  'US-NY': {
    key: 'US-NY', country: 'US', regionCode: 'NY', region: 'New York', regionId: 43, shippingTaxed: true,
    cities: [
      { city: 'New York', postcode: '10001', street: '350 5th Ave', telephone: '212-555-0110' },
      { city: 'Brooklyn', postcode: '11201', street: '45 Court St', telephone: '718-555-0123' },
    ],
    tax: { code: 'US-NY-*-Rate 1', title: 'New York City Sales Tax', rates: [{ code: 'US-NY-*-Rate 1', title: 'New York City Sales Tax', percent: 8.875, rateId: 2 }] },
  },
  'US-TX': {
    key: 'US-TX', country: 'US', regionCode: 'TX', region: 'Texas', regionId: 57, shippingTaxed: false,
    cities: [{ city: 'Austin', postcode: '78701', street: '100 Congress Ave', telephone: '512-555-0175' }],
  },
  GB: {
    key: 'GB', country: 'GB', region: 'Greater London', shippingTaxed: true,
    cities: [
      { city: 'London', postcode: 'EC1A 1BB', street: '10 Aldersgate St', telephone: '020 7946 0321' },
      { city: 'Manchester', postcode: 'M1 1AE', street: '5 Piccadilly', telephone: '0161 496 0456' },
    ],
    tax: { code: 'GB-VAT-20', title: 'VAT', rates: [{ code: 'GB-VAT-20', title: 'VAT', percent: 20, rateId: 3 }] },
  },
  DE: {
    key: 'DE', country: 'DE', region: 'Berlin', regionId: 82, shippingTaxed: true,
    cities: [
      { city: 'Berlin', postcode: '10117', street: 'Friedrichstraße 43', telephone: '030 901820' },
      { city: 'München', postcode: '80331', street: 'Marienplatz 8', telephone: '089 233000' },
    ],
    tax: { code: 'DE-MwSt-19', title: 'MwSt.', rates: [{ code: 'DE-MwSt-19', title: 'MwSt.', percent: 19, rateId: 4 }] },
  },
  'AU-NSW': {
    key: 'AU-NSW', country: 'AU', regionCode: 'NSW', region: 'New South Wales', regionId: 570, shippingTaxed: true,
    cities: [{ city: 'Sydney', postcode: '2000', street: '1 Macquarie St', telephone: '02 5550 1234' }],
    tax: { code: 'AU-GST-10', title: 'GST', rates: [{ code: 'AU-GST-10', title: 'GST', percent: 10, rateId: 5 }] },
  },
  'CA-BC': {
    key: 'CA-BC', country: 'CA', regionCode: 'BC', region: 'British Columbia', regionId: 67, shippingTaxed: false,
    cities: [{ city: 'Vancouver', postcode: 'V6B 1A1', street: '800 Robson St', telephone: '604-555-0148' }],
    tax: {
      code: 'CA-BC-GST-PST',
      title: 'GST + PST',
      rates: [
        { code: 'CA-GST-5', title: 'GST', percent: 5, rateId: 6 },
        { code: 'CA-BC-PST-7', title: 'PST', percent: 7, rateId: 7 },
      ],
    },
  },
};

export function taxPercent(region: Region): number {
  return (region.tax?.rates ?? []).reduce((sum, r) => sum + r.percent, 0);
}

export function taxRateRecords(): MagentoRecord[] {
  const records: MagentoRecord[] = [];
  for (const region of Object.values(REGIONS)) {
    for (const rate of region.tax?.rates ?? []) {
      const record: MagentoRecord = {
        id: rate.rateId,
        tax_country_id: region.country,
        tax_region_id: rate.code.startsWith('CA-GST') ? 0 : region.regionId ?? 0,
        tax_postcode: '*',
        rate: rate.percent,
        code: rate.code,
        titles: [],
      };
      if (region.region !== undefined && !rate.code.startsWith('CA-GST') && region.regionId !== undefined) {
        record['region_name'] = region.regionCode ?? region.region;
      }
      records.push(record);
    }
  }
  return records.sort((a, b) => (a['id'] as number) - (b['id'] as number));
}

export function websiteRecords(): MagentoRecord[] {
  return [
    { id: 0, code: 'admin', name: 'Admin', default_group_id: 0 },
    { id: 1, code: 'base', name: 'Main Website', default_group_id: 1 },
    { id: 2, code: 'europe', name: 'Europe Website', default_group_id: 2 },
  ];
}

export function storeViewRecords(): MagentoRecord[] {
  return [
    { id: 0, code: 'admin', name: 'Admin', website_id: 0, store_group_id: 0, is_active: 1 },
    ...STORE_VIEWS.map((s) => ({ id: s.id, code: s.code, name: s.name, website_id: s.websiteId, store_group_id: s.groupId, is_active: 1 })),
  ];
}

export function storeConfigRecords(baseUrl = 'http://magento.test/'): MagentoRecord[] {
  return STORE_VIEWS.map((s) => ({
    id: s.id,
    code: s.code,
    website_id: s.websiteId,
    locale: s.locale,
    base_currency_code: BASE_CURRENCY,
    default_display_currency_code: s.currency,
    timezone: s.timezone,
    weight_unit: s.currency === 'USD' ? 'lbs' : 'kgs',
    base_url: baseUrl,
    base_link_url: baseUrl,
    base_static_url: `${baseUrl}static/`,
    base_media_url: `${baseUrl}media/`,
    secure_base_url: baseUrl.replace(/^http:/, 'https:'),
    secure_base_link_url: baseUrl.replace(/^http:/, 'https:'),
    secure_base_static_url: `${baseUrl.replace(/^http:/, 'https:')}static/`,
    secure_base_media_url: `${baseUrl.replace(/^http:/, 'https:')}media/`,
  }));
}

const SYMBOLS: Record<string, string> = { USD: '$', GBP: '£', EUR: '€' };

export function currencyInfo(): CurrencyInfo {
  return {
    base_currency_code: BASE_CURRENCY,
    base_currency_symbol: SYMBOLS[BASE_CURRENCY] ?? BASE_CURRENCY,
    default_display_currency_code: BASE_CURRENCY,
    default_display_currency_symbol: SYMBOLS[BASE_CURRENCY] ?? BASE_CURRENCY,
    available_currency_codes: STORE_VIEWS.map((s) => s.currency),
    exchange_rates: STORE_VIEWS.map((s) => ({ currency_to: s.currency, rate: s.rate })),
  };
}

export function storeViewById(id: number): StoreView {
  return STORE_VIEWS.find((s) => s.id === id) ?? (STORE_VIEWS[0] as StoreView);
}
