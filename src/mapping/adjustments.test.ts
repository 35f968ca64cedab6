// The log's sentence for the corrections a document needed, to the word (the log is what a bookkeeper reads).
import { describe, expect, it } from 'vitest';
import { adjustmentNote, hasAdjustments } from './adjustments.js';

describe('adjustment notes', () => {
  it('says nothing when nothing was corrected', () => {
    expect(adjustmentNote({ roundingCents: 0, taxMovedCents: 0 }, 'USD', '860')).toBeUndefined();
    expect(hasAdjustments({ roundingCents: 0, taxMovedCents: 0 })).toBe(false);
    expect(hasAdjustments(undefined)).toBe(false);
  });

  it('names the rounding line: its amount, sign and account', () => {
    expect(adjustmentNote({ roundingCents: -1, taxMovedCents: 0 }, 'GBP', '860')).toBe(
      "rounding line of GBP -0.01 on account 860: Xero rounds each line, Magento the whole document, and the total must be Magento's",
    );
    expect(hasAdjustments({ roundingCents: 2, taxMovedCents: 0 })).toBe(true);
  });

  it('names the tax moved, and joins both', () => {
    expect(adjustmentNote({ roundingCents: 0, taxMovedCents: 3 }, 'AUD', '860')).toBe(
      "AUD 0.03 of tax moved onto the line with the most tax, so the lines' tax equals the tax Magento charged",
    );
    expect(hasAdjustments({ roundingCents: 0, taxMovedCents: -3 })).toBe(true);
    expect(adjustmentNote({ roundingCents: 105, taxMovedCents: -2 }, 'EUR', '861')).toBe(
      "rounding line of EUR 1.05 on account 861: Xero rounds each line, Magento the whole document, and the total must be Magento's; " +
        "EUR -0.02 of tax moved onto the line with the most tax, so the lines' tax equals the tax Magento charged",
    );
  });
});
