// Xero refuses to approve a line whose Quantity × UnitAmount is not zero yet comes to less than a cent: it answers
// "Account must be valid." and "Tax rate must be valid." (a recorded answer, xero-node#702; replayed in test/replay as
// threads/node702-micro-amount-unitdp4). Such a line is refused here, naming the record and the line, before Xero sees it.
import { MappingError, type RecordRef } from '../domain/errors.js';
import { toMinor, UNIT_DP } from '../domain/money.js';
import type { XeroLineItem } from '../domain/xero.js';

/** Half a cent at the scale of quantity (4 dp) × unit amount (4 dp): below it a line rounds to 0.00. */
const HALF_CENT_8 = 500_000n;

export function assertNoSubCentLines(lines: readonly XeroLineItem[], record: RecordRef): void {
  lines.forEach((line, index) => {
    const gross = BigInt(toMinor(line.Quantity, UNIT_DP)) * BigInt(toMinor(line.UnitAmount, UNIT_DP));
    // Stryker disable next-line EqualityOperator: `gross <= 0n` differs only at 0n, whose negation is 0n again.
    const size = gross < 0n ? -gross : gross;
    if (size === 0n || size >= HALF_CENT_8) return;
    throw new MappingError(
      'invalid_amount',
      `line ${index + 1} ("${line.Description}", ${line.Quantity} × ${line.UnitAmount}) comes to less than a cent, and Xero refuses to approve a line worth less than a cent ("Account must be valid.", "Tax rate must be valid.").`,
      'Give the item a price of at least one cent in Magento (or remove it from the order), then retry.',
      { record, details: { line: index + 1, quantity: line.Quantity, unitAmount: line.UnitAmount } },
    );
  });
}
