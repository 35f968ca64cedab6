/** GET /Organisation. */
import { envelopeDate, msDate } from '../dates.js';
import { ok } from '../envelope.js';
import type { ApiRequest, ApiResult } from '../envelope.js';
import type { Route } from './route.js';

function getOrganisation(request: ApiRequest): ApiResult {
  const { org } = request;
  const seed = org.seed;
  const record: Record<string, unknown> = {
    APIKey: org.apiKey,
    Name: org.name,
    LegalName: org.name,
    PaysTax: true,
    Version: seed.version,
    OrganisationType: 'COMPANY',
    BaseCurrency: org.baseCurrency,
    CountryCode: seed.countryCode,
    IsDemoCompany: false,
    OrganisationStatus: 'ACTIVE',
    FinancialYearEndDay: seed.financialYearEnd[0],
    FinancialYearEndMonth: seed.financialYearEnd[1],
    SalesTaxBasis: seed.salesTaxBasis,
    SalesTaxPeriod: 'TWOMONTHS',
    DefaultSalesTax: 'Tax Exclusive',
    DefaultPurchasesTax: 'Tax Exclusive',
    // A timestamp without offset, unlike the lock dates (threads/netstd70-organisation-shape).
    CreatedDateUTC: envelopeDate(org.createdAt),
    OrganisationEntityType: 'COMPANY',
    Timezone: seed.timezone,
    ShortCode: org.shortCode,
    OrganisationID: org.organisationId,
    Edition: 'BUSINESS',
    Class: 'STANDARD',
    LineOfBusiness: 'Online retail',
    Addresses: [],
    Phones: [],
    ExternalLinks: [],
    PaymentTerms: {},
  };
  if (org.periodLockDate !== undefined) record['PeriodLockDate'] = msDate(org.periodLockDate);
  if (org.endOfYearLockDate !== undefined) record['EndOfYearLockDate'] = msDate(org.endOfYearLockDate);
  return ok(request.now, 'Organisations', [record]);
}

export const organisationRoutes: Route[] = [{ method: 'GET', path: '/Organisation', handler: getOrganisation }];
