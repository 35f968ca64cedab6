// The one assertion every end-to-end test makes about tax (issue 21): no line without tax is filed under a tax rate
// above zero, in any document of any organisation the test's Xero emulator holds. Stack.close() runs it, so every suite
// that starts a stack checks every document it posted.
import { xeroState } from './xero-state.js';

type Doc = Record<string, any>;

/** Lines that carry no tax yet sit on a rate above 0 %, described; empty when every line is filed right. */
export function untaxedLinesOnTaxedRates(organisations: readonly Doc[]): string[] {
  const problems: string[] = [];
  for (const org of organisations) {
    const rates = new Map<string, number>((org['TaxRates'] ?? []).map((r: Doc) => [String(r['TaxType']), Number(r['EffectiveRate'] ?? 0)]));
    const documents = [
      ...(org['Invoices'] ?? []).map((d: Doc) => ({ d, number: d['InvoiceNumber'] })),
      ...(org['CreditNotes'] ?? []).map((d: Doc) => ({ d, number: d['CreditNoteNumber'] })),
    ];
    for (const { d, number } of documents) {
      if (d['Status'] === 'DELETED') continue;
      for (const line of d['LineItems'] ?? []) {
        const rate = rates.get(String(line['TaxType'] ?? '')) ?? 0;
        if (Number(line['TaxAmount'] ?? 0) === 0 && Number(line['LineAmount'] ?? 0) !== 0 && rate > 0) {
          problems.push(`${org['name']}: ${d['Type']} ${number} line "${line['Description']}" (${line['LineAmount']}, no tax) filed under ${line['TaxType']} (${rate} %)`);
        }
      }
    }
  }
  return problems;
}

/** Reads the emulator's books and throws with every such line. */
export async function assertUntaxedLinesFiledUntaxed(xeroUrl: string): Promise<void> {
  const problems = untaxedLinesOnTaxedRates((await xeroState(xeroUrl)).organisations);
  if (problems.length > 0) throw new Error(`Lines without tax filed under a taxed rate:\n${problems.slice(0, 20).join('\n')}`);
}
