// The Tax mapping section of the Configuration page: taxed Magento rates → Xero rates; per region, the Xero type for
// each reason a line goes untaxed; and Magento tax classes × destination → reason. Suggestions follow the mapping's own
// rules and are marked as such; an unmapped taxed rate never shows a 0 % type as its choice.
import {
  organisationTax,
  suggestedClassChoice,
  suggestTaxType,
  taxedRates,
  untaxedTypeFor,
  zeroRates,
  type OrganisationTax,
} from '../../http/tax-suggestions.js';
import type { XeroTaxRateSummary } from '../../http/ports.js';
import { UNTAXED_REASON_LABELS, UNTAXED_REASONS, type TaxRegion, type UntaxedReason } from '../../mapping/tax-regions.js';
import { csrfField, errorList, table } from '../components.js';
import { html, type SafeHtml } from '../html.js';
import type { PageContext } from '../layout.js';
import type { ConfigurationView } from './configuration.js';

const REGION_NAMES: Record<TaxRegion, string> = {
  US: 'United States', UK: 'United Kingdom', AU: 'Australia', NZ: 'New Zealand', CA: 'Canada', GLOBAL: 'Other countries (Xero Global)',
};

const rateLabel = (r: XeroTaxRateSummary) => `${r.name} (${r.effectiveRate} %)`;

function option(value: string, label: string, selected: string | undefined, note = ''): SafeHtml {
  return html`<option value="${value}"${value === selected ? html` selected` : ''}>${label}${note}</option>`;
}

function taxedRatesTable(view: ConfigurationView, org: OrganisationTax): SafeHtml {
  const t = view.settings.taxMapping;
  const xeroRates = view.xero.taxRates;
  const taxed = taxedRates(xeroRates);
  const codes = [...new Set([...view.magento.taxRates.map((r) => r.code), ...Object.keys(t.rates)])];
  return table(
    codes,
    [
      { header: 'Magento rate', cell: (code) => code, className: 'name' },
      { header: 'Country', cell: (code) => view.magento.taxRates.find((r) => r.code === code)?.country ?? '' },
      { header: 'Percent', cell: (code) => view.magento.taxRates.find((r) => r.code === code)?.rate ?? '', className: 'num' },
      {
        header: 'Xero tax rate',
        cell: (code) => {
          const rate = view.magento.taxRates.find((r) => r.code === code);
          const suggestion = rate ? suggestTaxType(rate, xeroRates, org) : undefined;
          const chosen = t.rates[code];
          const name = `rate.${code}`;
          if (!xeroRates.length) return html`<input type="text" name="${name}" value="${chosen ?? ''}" aria-label="Xero tax type for ${code}">`;
          // A chosen type stays listed even when it is no longer a taxed rate, so the page never changes it silently.
          const listed = chosen && !taxed.some((r) => r.taxType === chosen) ? xeroRates.filter((r) => r.taxType === chosen) : [];
          return html`<select name="${name}" aria-label="Xero tax rate for ${code}">
<option value="">${t.autoMap ? 'Map automatically on first use' : 'Not mapped'}</option>
${[...taxed, ...listed].map((r) => option(r.taxType, rateLabel(r), chosen ?? suggestion, r.taxType === suggestion ? ' · suggested' : ''))}
</select>${!chosen && suggestion ? html` <span class="muted">suggested, not saved yet</span>` : ''}`;
        },
      },
    ],
    'No Magento tax rates known yet.',
    'Taxed Magento rates',
  );
}

function reasonOptions(view: ConfigurationView, org: OrganisationTax, selected: string | undefined): SafeHtml {
  const t = view.settings.taxMapping;
  const zero = zeroRates(view.xero.taxRates);
  const typeName = (type: string | undefined) => view.xero.taxRates.find((r) => r.taxType === type)?.name ?? type ?? 'chosen on first use';
  return html`${UNTAXED_REASONS.map((reason) =>
    option(reason, `${UNTAXED_REASON_LABELS[reason]} → ${typeName(untaxedTypeFor(org, reason, t, view.xero.taxRates).type)}`, selected),
  )}${zero.map((r) => option(r.taxType, rateLabel(r), selected))}`;
}

function regionTable(view: ConfigurationView, org: OrganisationTax): SafeHtml {
  const t = view.settings.taxMapping;
  const zero = zeroRates(view.xero.taxRates);
  return html`<h3>Untaxed lines in ${REGION_NAMES[org.region]}</h3>
<p class="help">Lines Magento charged no tax on file under these Xero types. The suggestions are Xero's default rates for the region (see docs/tax.md); an export is a sale shipped (for downloads: billed) outside ${org.country ?? 'the organisation\'s country'}${org.region === 'UK' ? ' and the Isle of Man' : ''}.</p>
${table(
  [...UNTAXED_REASONS],
  [
    { header: 'Reason', cell: (reason: UntaxedReason) => UNTAXED_REASON_LABELS[reason], className: 'name' },
    {
      header: 'Xero tax type',
      cell: (reason: UntaxedReason) => {
        const shown = untaxedTypeFor(org, reason, t, view.xero.taxRates);
        const name = `region.${org.region}.${reason}`;
        if (!zero.length) return html`<input type="text" name="${name}" value="${t.regions[org.region]?.[reason] ?? ''}" placeholder="${shown.type ?? ''}" aria-label="Xero tax type for ${UNTAXED_REASON_LABELS[reason]}">`;
        return html`<select name="${name}" aria-label="Xero tax type for ${UNTAXED_REASON_LABELS[reason]}">
<option value="">${shown.type ? 'Regional default' : 'Chosen (or created) on first use'}</option>
${zero.map((r) => option(r.taxType, rateLabel(r), t.regions[org.region]?.[reason] ?? shown.type, r.taxType === shown.type && shown.suggested ? ' · suggested' : ''))}
</select>`;
      },
    },
  ],
  '',
  `Untaxed lines in ${REGION_NAMES[org.region]}`,
)}`;
}

function classTable(view: ConfigurationView, org: OrganisationTax): SafeHtml {
  const t = view.settings.taxMapping;
  const known = view.magento.taxClasses.map((c) => ({ key: `${c.type === 'CUSTOMER' ? 'customer' : 'product'}:${c.id}`, label: `${c.type === 'CUSTOMER' ? 'Customer' : 'Product'}: ${c.name}`, name: c.name }));
  const none = { key: 'product:0', label: 'Product: None', name: 'None' };
  const rows = [none, ...known.filter((k) => k.key !== none.key)];
  for (const key of Object.keys(t.classes)) if (!rows.some((r) => r.key === key)) rows.push({ key, label: key, name: key });
  const cell = (column: 'domestic' | 'export') => (row: (typeof rows)[number]) => {
    const chosen = t.classes[row.key]?.[column];
    const suggestion = suggestedClassChoice(column, row.name);
    return html`<select name="class.${row.key}.${column}" aria-label="${row.label}, ${column === 'domestic' ? 'domestic sale' : 'export'}">
<option value="">Suggested: ${UNTAXED_REASON_LABELS[suggestion]}</option>
${reasonOptions(view, org, chosen)}
</select>`;
  };
  return html`<h3>Untaxed lines by Magento tax class</h3>
<p class="help">Why Magento charged no tax on a line: the customer's tax class first (a tax-exempt group makes every line exempt), then the product's.</p>
${table(
  rows,
  [
    { header: 'Magento tax class', cell: (r) => r.label, className: 'name' },
    { header: 'Domestic', cell: cell('domestic') },
    { header: 'Export', cell: cell('export') },
  ],
  '',
  'Untaxed lines by Magento tax class',
)}`;
}

export function taxSection(ctx: PageContext, view: ConfigurationView): SafeHtml {
  const t = view.settings.taxMapping;
  const org = organisationTax(view.xero.organisations.find((o) => o.status !== 'disconnected') ?? view.xero.organisations[0]);
  return html`<section class="card" id="tax" aria-labelledby="h-tax">
<h2 id="h-tax">Tax mapping</h2>
<p class="help">A line's Xero tax type comes from what Magento charged on that line. Taxed lines take the Xero rate their Magento rate maps to: a suggestion is a rate of ${org.country ?? 'the organisation\'s country'} of the same kind and percent, never a zero-rated or exempt one. Lines without tax take the organisation's zero-rated, exempt or export type.</p>
${errorList(view.errors.taxMapping)}
<form method="post" action="/configuration/taxMapping">
${csrfField(ctx.csrfToken)}
<label class="check-label"><input type="checkbox" name="autoMap"${t.autoMap ? html` checked` : ''}> Map unknown rates of ${org.country ?? 'the organisation\'s country'} automatically on first use (another country's tax always waits for you)</label>
<h3>Taxed Magento rates</h3>
${taxedRatesTable(view, org)}
${regionTable(view, org)}
${classTable(view, org)}
<p><button type="submit" class="primary">Save tax mapping</button></p>
</form>
</section>`;
}
