import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
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

  it('Total is always SubTotal + TotalTax', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 1, max: 1000 }), fc.integer({ min: -10_000_000, max: 10_000_000 })), {
          minLength: 1,
          maxLength: 20,
        }),
        fc.constantFrom('Exclusive' as const, 'Inclusive' as const, 'NoTax' as const),
        (rows, types) => {
          const lines = rows.map(([qty, unit]) =>
            lineTotals({ quantity4: BigInt(qty) * 10000n, unit4: BigInt(unit), rate4: q('20') }, types),
          );
          const t = documentTotals(lines, types);
          expect(t.subTotal + t.totalTax).toBe(t.total);
        },
      ),
    );
  });

  it('divRound rounds halves away from zero on both sides', () => {
    expect(divRound(5n, 10n)).toBe(1n);
    expect(divRound(-5n, 10n)).toBe(-1n);
    expect(divRound(4n, 10n)).toBe(0n);
  });
});
