import { describe, expect, it } from 'vitest';
import { documentTotals, effectiveRate4, lineTotals } from './totals.js';
import { divRound, parseScaled } from './money.js';

const q = (n: string) => parseScaled(n, 4)!;

describe('Xero line arithmetic', () => {
  it('rounds an exclusive line and its tax half away from zero', () => {
    // 3 x 3.335 = 10.005 -> 10.01; 15 % of 10.01 = 1.5015 -> 1.50
    const line = lineTotals({ quantity4: q('3'), unit4: q('3.335'), rate4: q('15') }, 'Exclusive');
    expect(line).toEqual({ lineCents: 1001n, taxCents: 150n, discountCents: 0n });
  });

  it('takes the tax out of an inclusive line', () => {
    // 115.00 incl. 15 % -> tax 15.00
    const line = lineTotals({ quantity4: q('1'), unit4: q('115'), rate4: q('15') }, 'Inclusive');
    expect(line.taxCents).toBe(1500n);
    const totals = documentTotals([line], 'Inclusive');
    expect(totals).toMatchObject({ subTotal: 10000n, totalTax: 1500n, total: 11500n });
  });

  it('applies a discount rate before rounding and a discount amount after', () => {
    const rate = lineTotals({ quantity4: q('3'), unit4: q('9.99'), discountRate4: q('12.5'), rate4: 0n }, 'Exclusive');
    expect(rate.lineCents).toBe(2622n); // 29.97 x 0.875 = 26.22375
    expect(rate.discountCents).toBe(375n);
    const amount = lineTotals({ quantity4: q('2'), unit4: q('10'), discountCents: 250n, rate4: 0n }, 'Exclusive');
    expect(amount.lineCents).toBe(1750n);
  });

  it('keeps a tax amount the client sent', () => {
    const line = lineTotals({ quantity4: q('1'), unit4: q('10'), rate4: q('15'), taxOverrideCents: 149n }, 'Exclusive');
    expect(line.taxCents).toBe(149n);
  });

  it('charges no tax on NoTax documents', () => {
    const line = lineTotals({ quantity4: q('1'), unit4: q('10'), rate4: q('15') }, 'NoTax');
    expect(documentTotals([line], 'NoTax')).toMatchObject({ totalTax: 0n, total: 1000n });
  });

  it('sums simple components and compounds compound ones', () => {
    expect(effectiveRate4([{ rate4: q('5'), isCompound: false }, { rate4: q('7'), isCompound: false }])).toBe(q('12'));
    // 5 % then 9.975 % compound: 5 + 9.975 + 0.49875 = 15.47375
    expect(effectiveRate4([{ rate4: q('5'), isCompound: false }, { rate4: q('9.975'), isCompound: true }])).toBe(
      q('15.4738'),
    );
  });

  // Worked by hand at the rates real organisations use: each line's tax from its rate (rounded half away from zero per
  // line), then the document. Exclusive: SubTotal = Σ lines, Total = SubTotal + TotalTax; Inclusive: Total = Σ lines.
  it.each([
    {
      name: 'US New York 8.875 %, exclusive: 2 × 19.99 and 5.00 shipping',
      types: 'Exclusive' as const,
      // 39.98 × 8.875 % = 3.548225 → 3.55; 5.00 × 8.875 % = 0.44375 → 0.44
      lines: [{ qty: '2', unit: '19.99', rate: '8.875' }, { qty: '1', unit: '5', rate: '8.875' }],
      want: { lines: [[3998n, 355n], [500n, 44n]], subTotal: 4498n, totalTax: 399n, total: 4897n },
    },
    {
      name: 'UK VAT 20 %, inclusive: 35.07 and 4.99',
      types: 'Inclusive' as const,
      // 35.07 × 20/120 = 5.845 → 5.85 (a half, away from zero); 4.99 × 20/120 = 0.8316… → 0.83
      lines: [{ qty: '1', unit: '35.07', rate: '20' }, { qty: '1', unit: '4.99', rate: '20' }],
      want: { lines: [[3507n, 585n], [499n, 83n]], subTotal: 3338n, totalTax: 668n, total: 4006n },
    },
    {
      name: 'Canada GST 5 %, exclusive: a half cent of tax on 0.10 goes up',
      types: 'Exclusive' as const,
      // 0.10 × 5 % = 0.005 → 0.01
      lines: [{ qty: '1', unit: '0.10', rate: '5' }],
      want: { lines: [[10n, 1n]], subTotal: 10n, totalTax: 1n, total: 11n },
    },
    {
      name: 'California 7.25 %, exclusive: 3 × 33.33',
      types: 'Exclusive' as const,
      // 99.99 × 7.25 % = 7.249275 → 7.25
      lines: [{ qty: '3', unit: '33.33', rate: '7.25' }],
      want: { lines: [[9999n, 725n]], subTotal: 9999n, totalTax: 725n, total: 10724n },
    },
    {
      name: 'GST 5 %, exclusive: a negative line rounds its half cent away from zero too',
      types: 'Exclusive' as const,
      // 1.00 × 5 % = 0.05; −0.10 × 5 % = −0.005 → −0.01
      lines: [{ qty: '1', unit: '1', rate: '5' }, { qty: '1', unit: '-0.10', rate: '5' }],
      want: { lines: [[100n, 5n], [-10n, -1n]], subTotal: 90n, totalTax: 4n, total: 94n },
    },
    {
      name: 'New Zealand GST 15 %, inclusive, with a 4-decimal unit price',
      types: 'Inclusive' as const,
      // 3 × 7.6667 = 23.0001 → 23.00; 23.00 × 15/115 = 3.00 exactly
      lines: [{ qty: '3', unit: '7.6667', rate: '15' }],
      want: { lines: [[2300n, 300n]], subTotal: 2000n, totalTax: 300n, total: 2300n },
    },
    {
      name: 'GST + PST 12 %, exclusive, and a zero-rated line',
      types: 'Exclusive' as const,
      // 19.95 × 12 % = 2.394 → 2.39; 7.50 at 0 % → 0
      lines: [{ qty: '1', unit: '19.95', rate: '12' }, { qty: '1', unit: '7.5', rate: '0' }],
      want: { lines: [[1995n, 239n], [750n, 0n]], subTotal: 2745n, totalTax: 239n, total: 2984n },
    },
  ])('$name', ({ types, lines, want }) => {
    const computed = lines.map((l) => lineTotals({ quantity4: q(l.qty), unit4: q(l.unit), rate4: q(l.rate) }, types));
    expect(computed.map((l) => [l.lineCents, l.taxCents])).toEqual(want.lines);
    expect(documentTotals(computed, types)).toEqual({ subTotal: want.subTotal, totalTax: want.totalTax, total: want.total, totalDiscount: 0n });
  });

  it('divRound rounds halves away from zero on both sides', () => {
    expect(divRound(5n, 10n)).toBe(1n);
    expect(divRound(-5n, 10n)).toBe(-1n);
    expect(divRound(4n, 10n)).toBe(0n);
  });
});
