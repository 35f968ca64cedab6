// Whether a document's item rows are gross or already net of their discount, on rows written out by hand.
import { describe, expect, it } from 'vitest';
import { candidateConventions, conventionByPrices, conventionBySubtotal, type ConventionRow } from './row-convention.js';

// Two at 10.00 with 3.00 off: gross, the row is 20.00; net, it is 17.00.
const row = (over: Partial<ConventionRow> = {}): ConventionRow => ({ quantity: 2, price: 10, rowCents: 2000, discountCents: 300, dtcCents: 0, weeeCents: 0, ...over });

describe('what the subtotal says', () => {
  it('rows adding up to it are gross; only with their discounts added back, net; neither, nothing', () => {
    expect(conventionBySubtotal([row()], 20)).toBe('gross');
    expect(conventionBySubtotal([row({ rowCents: 1700 })], 20)).toBe('net');
    expect(conventionBySubtotal([row()], 25)).toBeUndefined();
    // Two rows: 20.00 + 10.00 = 30.00 gross; 17.00 + 9.00 + 3.00 + 1.00 = 30.00 net.
    expect(conventionBySubtotal([row(), row({ quantity: 1, rowCents: 1000, discountCents: 100 })], 30)).toBe('gross');
    expect(conventionBySubtotal([row({ rowCents: 1700 }), row({ quantity: 1, rowCents: 900, discountCents: 100 })], 30)).toBe('net');
  });

  it('no subtotal, or no discount (less its tax compensation), says nothing', () => {
    expect(conventionBySubtotal([row()], null)).toBeUndefined();
    expect(conventionBySubtotal([row()], undefined)).toBeUndefined();
    expect(conventionBySubtotal([row({ discountCents: 0 })], 20)).toBeUndefined();
    expect(conventionBySubtotal([row({ dtcCents: 300 })], 20)).toBeUndefined();
    // 3.00 off of which 0.50 compensated: net 17.50 + 2.50 = 20.00.
    expect(conventionBySubtotal([row({ rowCents: 1750, dtcCents: 50 })], 20)).toBe('net');
  });

  it('a subtotal may include the rows\' fixed product tax (1.00 here)', () => {
    expect(conventionBySubtotal([row({ weeeCents: 100 })], 21)).toBe('gross');
    expect(conventionBySubtotal([row({ rowCents: 1700, weeeCents: 100 })], 21)).toBe('net');
  });

  it('says nothing when the fixed product tax equals the discount, so that both readings give the subtotal', () => {
    // Net rows 17.00 + 3.00 off = 20.00; the same rows read gross with their 3.00 of fixed product tax: 17.00 + 3.00.
    // (Found by the row-conventions property test: a partial invoice, 5 bundles at 0.99 less 0.99, FPT 0.99.)
    expect(conventionBySubtotal([row({ rowCents: 1700, weeeCents: 300 })], 20)).toBeUndefined();
    expect(candidateConventions([row({ rowCents: 1700, weeeCents: 300 })], 20)).toEqual(['net', 'gross']);
  });
});

describe("what the rows' prices say", () => {
  it('price × quantity is the row (gross) or the row plus its discount (net), within a cent; a tie says nothing', () => {
    expect(conventionByPrices([row()])).toBe('gross');
    expect(conventionByPrices([row({ rowCents: 1700 })])).toBe('net');
    expect(conventionByPrices([row({ rowCents: 1750, dtcCents: 50 })])).toBe('net'); // 17.50 + 3.00 − 0.50 = 20.00
    expect(conventionByPrices([row(), row({ rowCents: 1700 })])).toBeUndefined();
    expect(conventionByPrices([row(), row(), row({ rowCents: 1700 })])).toBe('gross');
    expect(conventionByPrices([row({ rowCents: 1700 }), row({ rowCents: 1700 }), row()])).toBe('net');
    // 3 × 3.33 = 9.99: a row of 10.00 is a cent off (gross), 10.01 two cents (no vote).
    expect(conventionByPrices([row({ quantity: 3, price: 3.33, rowCents: 1000 })])).toBe('gross');
    expect(conventionByPrices([row({ quantity: 3, price: 3.33, rowCents: 1001 })])).toBeUndefined();
  });

  it('rows without a discount or a price do not vote', () => {
    expect(conventionByPrices([row({ discountCents: 0 })])).toBeUndefined();
    expect(conventionByPrices([row({ price: null })])).toBeUndefined();
    expect(conventionByPrices([row({ price: undefined })])).toBeUndefined();
    expect(conventionByPrices([row({ price: null }), row({ rowCents: 1700 })])).toBe('net');
  });
});

describe('the conventions to try', () => {
  it('gross alone when nothing is discounted; the subtotal\'s answer alone; else both, the prices\' answer first', () => {
    expect(candidateConventions([row({ discountCents: 0 }), row({ discountCents: 50, dtcCents: 50 })], 20)).toEqual(['gross']);
    expect(candidateConventions([row({ rowCents: 1700 }), row({ quantity: 1, rowCents: 1000, discountCents: 0 })], 30)).toEqual(['net']);
    expect(candidateConventions([row({ rowCents: 1700 })], 99)).toEqual(['net', 'gross']);
    expect(candidateConventions([row()], 99)).toEqual(['gross', 'net']);
    expect(candidateConventions([row(), row({ rowCents: 1700 })], undefined)).toEqual(['gross', 'net']);
  });
});

describe('absent figures are not zeros', () => {
  // One at 10.00 with all 10.00 off, sent net: the row is 0.00 (10.00 − 10.00), its discount 10.00.
  const freeNet = row({ quantity: 1, price: 10, rowCents: 0, discountCents: 1000 });

  it('an absent subtotal says nothing, where a subtotal of 0.00 would match the 0.00 row as gross', () => {
    // Subtotal 10.00: 0.00 ≠ 10.00, 0.00 + 10.00 = 10.00, so net. Subtotal 0.00: the row alone gives it, so gross.
    expect(conventionBySubtotal([freeNet], 10)).toBe('net');
    expect(conventionBySubtotal([freeNet], 0)).toBe('gross');
    expect(conventionBySubtotal([freeNet], null)).toBeUndefined();
    expect(conventionBySubtotal([freeNet], undefined)).toBeUndefined();
  });

  it('a row without a price does not vote, where a price of 0.00 (0 × 1 = 0.00, the row) would vote gross', () => {
    expect(conventionByPrices([row({ ...freeNet, price: 0 })])).toBe('gross');
    expect(conventionByPrices([freeNet])).toBe('net'); // 10.00 × 1 = 0.00 + 10.00
    expect(conventionByPrices([row({ ...freeNet, price: null })])).toBeUndefined();
    expect(conventionByPrices([row({ ...freeNet, price: undefined })])).toBeUndefined();
  });

  it('a row with no discount does not vote, even with a compensation figure beside it', () => {
    // 2 × 10.00 = 20.00 is the row; the row + 0.00 − 0.50 = 19.50 is not: read as a discounted row it would vote gross.
    expect(conventionByPrices([row({ discountCents: 0, dtcCents: 50 })])).toBeUndefined();
  });
});
