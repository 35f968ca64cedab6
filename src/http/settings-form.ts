import { ENTITY_TYPES } from '../domain/entity-types.js';
import type { SettingsKey } from '../settings/schemas.js';

/**
 * Turns a Configuration form (urlencoded fields) into the settings document its schema checks. Checkboxes are absent
 * when unticked; repeated fields arrive as arrays.
 */
type Form = Record<string, unknown>;

const one = (v: unknown): string => (Array.isArray(v) ? String(v[0] ?? '') : typeof v === 'string' ? v : '');
const many = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : typeof v === 'string' ? [v] : []);
const ticked = (v: unknown) => v !== undefined && one(v) !== '' && one(v) !== 'off' && one(v) !== 'false';

export function formToSettings(key: SettingsKey, form: Form): unknown {
  switch (key) {
    case 'accounts':
      return Object.fromEntries(
        ['bank', 'sales', 'inventory', 'cogs', 'shipping', 'rounding', 'giftCardLiability', 'storeCreditLiability', 'rewardPointsExpense', 'otherCharges', 'fpt', 'giftWrapping'].map((k) => [k, one(form[k]).trim()]),
      );
    case 'sync':
      return Object.fromEntries(
        ENTITY_TYPES.map((t) => [
          t,
          { enabled: ticked(form[`${t}.enabled`]), mode: one(form[`${t}.mode`]), schedule: one(form[`${t}.schedule`]) },
        ]),
      );
    case 'posting':
      return {
        postAs: one(form['postAs']),
        newOrderStatus: one(form['newOrderStatus']),
        invoicePrefix: one(form['invoicePrefix']).trim(),
        creditNotePrefix: one(form['creditNotePrefix']).trim(),
        guestStrategy: one(form['guestStrategy']),
        guestContactName: one(form['guestContactName']),
        paymentTermsDays: one(form['paymentTermsDays']).trim() === '' ? 0 : one(form['paymentTermsDays']),
        useCompanyName: ticked(form['useCompanyName']),
        trackedInventory: ticked(form['trackedInventory']),
        offlineRefundsPaidOut: ticked(form['offlineRefundsPaidOut']),
        ...(one(form['rewardPointsAs']) ? { rewardPointsAs: one(form['rewardPointsAs']) } : {}),
      };
    case 'taxMapping': {
      // rate.<Magento code>, region.<REGION>.<reason>, class.<product|customer>:<id>.<domestic|export>; empty = not set.
      const rates: Record<string, string> = {};
      const regions: Record<string, Record<string, string>> = {};
      const classes: Record<string, Record<string, string>> = {};
      for (const [field, raw] of Object.entries(form)) {
        const value = one(raw).trim();
        if (value === '') continue;
        if (field.startsWith('rate.')) rates[field.slice(5)] = value;
        const region = /^region\.([A-Z]+)\.([a-z_]+)$/.exec(field);
        if (region) (regions[region[1]!] ??= {})[region[2]!] = value;
        const cls = /^class\.((?:product|customer):\d+)\.(domestic|export)$/.exec(field);
        if (cls) (classes[cls[1]!] ??= {})[cls[2]!] = value;
      }
      return { autoMap: ticked(form['autoMap']), rates, regions, classes };
    }
    case 'reconciliation':
      return { daily: ticked(form['daily']), hour: one(form['hour']), days: one(form['days']), repair: ticked(form['repair']) };
    case 'paymentMapping': {
      const methods = many(form['method']);
      const targets = many(form['target']);
      const mapping: Record<string, string> = {};
      methods.forEach((method, i) => {
        const code = method.trim();
        const target = (targets[i] ?? '').trim();
        // An empty target means "the default bank account": the method needs no entry.
        if (code && target) mapping[code] = target;
      });
      return mapping;
    }
    case 'summary':
      return { closeHour: one(form['closeHour']).trim(), clearingAccounts: many(form['clearing']).map((c) => c.trim()).filter(Boolean) };
    case 'totals':
      return {
        fptTaxType: one(form['fptTaxType']).trim(),
        giftWrappingTaxType: one(form['giftWrappingTaxType']).trim(),
        postUnexplainedDifference: ticked(form['postUnexplainedDifference']),
        unexplainedDifferenceLimit: one(form['unexplainedDifferenceLimit']).trim() === '' ? 0 : one(form['unexplainedDifferenceLimit']).trim(),
      };
    case 'alerts':
      return {
        events: Object.fromEntries(['recordFailed', 'dailyLimit', 'xeroDisconnected', 'booksDiffer'].map((e) => [e, ticked(form[`events.${e}`])])),
        // A secret field left as shown (the mask) keeps the stored secret; emptied, it removes it.
        webhook: { url: one(form['webhook.url']).trim(), secret: one(form['webhook.secret']) },
        email: {
          host: one(form['email.host']).trim(),
          port: one(form['email.port']).trim() === '' ? 587 : one(form['email.port']).trim(),
          security: one(form['email.security']) || 'starttls',
          user: one(form['email.user']).trim(),
          password: one(form['email.password']),
          from: one(form['email.from']).trim(),
          to: one(form['email.to']).split(/[,;\s]+/).map((t) => t.trim()).filter(Boolean),
        },
        gatherSeconds: one(form['gatherSeconds']).trim() === '' ? 60 : one(form['gatherSeconds']).trim(),
        quietMinutes: one(form['quietMinutes']).trim() === '' ? 15 : one(form['quietMinutes']).trim(),
      };
    case 'paymentImport':
      return { methods: many(form['importMethod']).map((m) => m.trim()).filter(Boolean), pollMinutes: one(form['pollMinutes']).trim() };
  }
}

/**
 * The Daily summaries form: per store id N, rows of `period.N.from` / `period.N.mode` (a row whose day is empty is
 * dropped: that is how a period is removed) and `contact.N`, the summaries' contact. Every store on the form is named,
 * so a store whose rows are all emptied goes back to the posting setting.
 */
export function formToStorePosting(form: Form): Record<string, { postingPeriods: Array<{ from: string; mode: string }>; summaryContactName?: string }> {
  const out: Record<string, { postingPeriods: Array<{ from: string; mode: string }>; summaryContactName?: string }> = {};
  for (const id of many(form['store'])) {
    const froms = many(form[`period.${id}.from`]);
    const modes = many(form[`period.${id}.mode`]);
    const periods = froms.map((from, i) => ({ from: from.trim(), mode: (modes[i] ?? '').trim() })).filter((p) => p.from !== '');
    const contact = one(form[`contact.${id}`]).trim();
    out[id] = { postingPeriods: periods, ...(contact ? { summaryContactName: contact } : {}) };
  }
  return out;
}
