// Registered customers: ordinary ones, plus the awkward cases every real store has (two people with the same name,
// non-Latin and very long names, companies, no phone, no address at all).
import { magentoDate } from '../dates.js';
import type { MagentoRecord } from '../store.js';
import { AWKWARD_NAMES, COMPANIES, ordinaryName, type PersonName } from './names.js';
import type { Random } from './prng.js';
import { REGIONS, STORE_VIEWS, type Region, type StoreView } from './reference.js';

export interface AddressSeed {
  region: Region;
  city: string;
  postcode: string;
  street: string;
  telephone?: string;
  company?: string;
}

export function randomAddress(rng: Random, regionKey: string, options: { company?: boolean; noPhone?: boolean } = {}): AddressSeed {
  const region = REGIONS[regionKey] ?? (REGIONS['US-CA'] as Region);
  const place = rng.pick(region.cities);
  const number = rng.int(1, 999);
  const seed: AddressSeed = { region, city: place.city, postcode: place.postcode, street: `${number} ${place.street.replace(/^\d+\s*/, '')}` };
  if (!options.noPhone) seed.telephone = place.telephone;
  if (options.company) seed.company = rng.pick(COMPANIES);
  return seed;
}

export function customerAddressRecord(id: number, customerId: number, name: PersonName, seed: AddressSeed): MagentoRecord {
  // All three are required in the schema: a free-text region (GB) has no code, which Magento sends as null.
  const region: MagentoRecord = {
    region_code: seed.region.regionCode ?? null,
    region: seed.region.region ?? null,
    region_id: seed.region.regionId ?? 0,
  };
  const address: MagentoRecord = {
    id,
    customer_id: customerId,
    region,
    region_id: seed.region.regionId ?? 0,
    country_id: seed.region.country,
    street: [seed.street],
  };
  if (seed.company !== undefined) address['company'] = seed.company;
  if (seed.telephone !== undefined) address['telephone'] = seed.telephone;
  address['postcode'] = seed.postcode;
  address['city'] = seed.city;
  address['firstname'] = name.firstname;
  address['lastname'] = name.lastname;
  address['default_shipping'] = true;
  address['default_billing'] = true;
  return address;
}

export interface CustomerSeed {
  id: number;
  addressId: number;
  createdAt: number;
}

/** Which special case the n-th customer demonstrates (the first few are always the awkward ones). */
function specialCase(index: number): { name?: PersonName; company?: boolean; noPhone?: boolean; noAddress?: boolean; sameAs?: number } {
  switch (index) {
    case 0:
      return { name: { firstname: 'Jane', lastname: 'Doe', ascii: 'jane.doe' } };
    case 1:
      return { name: { firstname: 'Jane', lastname: 'Doe', ascii: 'jane.doe' }, sameAs: 0 };
    case 2:
      return { name: AWKWARD_NAMES[1] as PersonName };
    case 3:
      return { name: AWKWARD_NAMES[2] as PersonName, noPhone: true };
    case 4:
      return { name: AWKWARD_NAMES[4] as PersonName, company: true };
    case 5:
      return { name: AWKWARD_NAMES[0] as PersonName, company: true };
    case 6:
      return { name: AWKWARD_NAMES[3] as PersonName, noAddress: true };
    default:
      return {};
  }
}

export function generateCustomer(rng: Random, index: number, seed: CustomerSeed): MagentoRecord {
  const special = specialCase(index);
  const name =
    special.name ?? (rng.chance(0.08) ? rng.pick(AWKWARD_NAMES) : ordinaryName((items) => rng.pick(items)));
  const store: StoreView = index < 7 ? (STORE_VIEWS[index % 3 === 2 ? 1 : 0] as StoreView) : rng.chance(0.7) ? (STORE_VIEWS[0] as StoreView) : rng.pick(STORE_VIEWS.slice(1));
  const regionKey = rng.pick(store.regions);
  const date = magentoDate(seed.createdAt);
  const customer: MagentoRecord = {
    id: seed.id,
    group_id: special.company ? 2 : 1,
  };
  const addressless = special.noAddress === true || (index >= 7 && rng.chance(0.03));
  if (!addressless) {
    customer['default_billing'] = String(seed.addressId);
    customer['default_shipping'] = String(seed.addressId);
  }
  Object.assign(customer, {
    created_at: date,
    updated_at: date,
    created_in: store.name,
    email: `${name.ascii}${seed.id}@example.${store.code === 'de' ? 'de' : store.code === 'uk' ? 'co.uk' : 'com'}`,
    firstname: name.firstname,
    lastname: name.lastname,
    store_id: store.id,
    website_id: store.websiteId,
    addresses: addressless
      ? []
      : [
          customerAddressRecord(
            seed.addressId,
            seed.id,
            name,
            randomAddress(rng, regionKey, {
              company: special.company === true || (index >= 7 && rng.chance(0.1)),
              noPhone: special.noPhone === true || (index >= 7 && rng.chance(0.05)),
            }),
          ),
        ],
    disable_auto_group_change: 0,
  });
  if (rng.chance(0.3) && index >= 7) customer['dob'] = `19${rng.int(50, 99)}-0${rng.int(1, 9)}-1${rng.int(0, 9)}`;
  customer['extension_attributes'] = { is_subscribed: rng.chance(0.3) };
  return customer;
}
