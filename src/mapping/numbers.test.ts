import { describe, expect, it } from 'vitest';
import { contentHash, customerContactNumber, idempotencyKey, itemCodeForSku, sha256Hex, stableJson } from './numbers.js';

describe('stable identities', () => {
  it('hashes equal payloads equally whatever the key order', () => {
    expect(stableJson({ b: 1, a: [1, { d: 2, c: undefined }] })).toBe('{"a":[1,{"d":2}],"b":1}');
    expect(contentHash({ a: 1, b: 2 })).toBe(contentHash({ b: 2, a: 1 }));
    expect(contentHash({ a: 1 })).not.toBe(contentHash({ a: 2 }));
  });

  it('derives idempotency keys of at most 128 characters that change with the payload', () => {
    const h1 = contentHash({ x: 1 });
    const h2 = contentHash({ x: 2 });
    expect(idempotencyKey('invoice:create', 'tenant-1/INV-000000003', h1)).toMatch(/^invoice:create:tenant-1_INV-000000003:[0-9a-f]{40}$/);
    expect(idempotencyKey('invoice:create', 'I', h1)).not.toBe(idempotencyKey('invoice:create', 'I', h2));
    const long = idempotencyKey('payment:create', 'x'.repeat(300), h1);
    expect(long.length).toBeLessThanOrEqual(128);
    expect(long).not.toBe(idempotencyKey('payment:create', `${'x'.repeat(299)}y`, h1));
  });

  it('writes the key as operation:identity:first 40 of the payload hash, unsafe characters replaced', () => {
    const hash = 'a'.repeat(40) + 'b'.repeat(24);
    // Letters, digits, _ : . - stay; anything else (space, slash, quote, #, non-ASCII) becomes _.
    expect(idempotencyKey('invoices-create', 'tenant-1:INV.9_x', hash)).toBe(`invoices-create:tenant-1:INV.9_x:${'a'.repeat(40)}`);
    expect(idempotencyKey('payments', 'a b/c"d#é', hash)).toBe(`payments:a_b_c_d__:${'a'.repeat(40)}`);
  });

  it('keeps a key of exactly 128 characters whole and shortens a longer one to a stable 122', () => {
    const hash = 'f'.repeat(64);
    // "op:" + identity + ":" + 40 = 128 when the identity is 84 characters.
    const exact = idempotencyKey('op', 'i'.repeat(84), hash);
    expect(exact).toBe(`op:${'i'.repeat(84)}:${'f'.repeat(40)}`);
    expect(exact).toHaveLength(128);
    const readable = `op:${'i'.repeat(85)}`;
    const over = idempotencyKey('op', 'i'.repeat(85), hash);
    expect(over).toBe(`${readable.slice(0, 40)}:${sha256Hex(readable).slice(0, 40)}:${'f'.repeat(40)}`);
    expect(over).toHaveLength(122);
  });

  it('keeps ContactNumbers within 50 characters', () => {
    expect(customerContactNumber('M1-', 42)).toBe('M1-C42');
    expect(customerContactNumber('p'.repeat(60), 1).length).toBeLessThanOrEqual(50);
  });

  // Xero's limits (xero_accounting.yaml): Contact.ContactNumber "max length = 50", Item.Code "max length = 30".
  it('keeps a ContactNumber of exactly 50 characters and shortens 51 or more to 33 + "~" + 16 of its sha256', () => {
    // 48 p + "C1" = 50 characters: fits as it is.
    expect(customerContactNumber('p'.repeat(48), 1)).toBe(`${'p'.repeat(48)}C1`);
    // 60 p + "C1" = 62 characters; `printf %s "$(60 p)C1" | sha256sum` = 0980c591ba1e1bef096825ca…: 33 + 1 + 16 = 50.
    expect(customerContactNumber('p'.repeat(60), 1)).toBe(`${'p'.repeat(33)}~0980c591ba1e1bef`);
  });

  it('keeps an item code of exactly 30 characters and shortens 31 to 19 + "~" + 10 of its sha256', () => {
    expect(itemCodeForSku(` ${'S'.repeat(30)} `)).toEqual({ code: 'S'.repeat(30), shortened: false });
    // `printf %s "$(31 S)" | sha256sum` = 56fa58edeb5501550c76…: 19 + 1 + 10 = 30.
    expect(itemCodeForSku('S'.repeat(31))).toEqual({ code: `${'S'.repeat(19)}~56fa58edeb`, shortened: true });
  });

  it('writes undefined as JSON null, alone or in an array, and leaves it out of an object (as JSON.stringify does)', () => {
    expect(stableJson(undefined)).toBe('null');
    expect(stableJson([undefined, 1])).toBe('[null,1]');
    expect(stableJson({ a: undefined })).toBe('{}');
    // contentHash(undefined) is therefore the sha256 of "null": `printf null | sha256sum`.
    expect(contentHash(undefined)).toBe('74234e98afe7498fb5daf1f36ac2d78acc339464f950703b8c019892f982b90b');
  });
});

describe('contentHash', () => {
  it('stays the same from version to version (the entity map keeps these hashes to skip unchanged records)', () => {
    const payload = {
      Contact: { ContactNumber: 'M1-42', Name: 'Zoë "Q" Smith' },
      LineItems: [
        { Description: 'A', Quantity: 2, UnitAmount: 19.99, DiscountAmount: undefined, Tracking: [] },
        { Description: 'Ship', Quantity: 1, UnitAmount: 5 },
      ],
      Date: '2026-01-05',
      Total: null,
      nested: { b: [1, [2, { z: 1, a: 2 }]], a: true },
    };
    // Computed with the version before stableJson was rewritten with loops (issue 20).
    expect(contentHash(payload)).toBe('73f5d147a4e990f999f7897704887d2de7627446f43bd3441d05360238a56373');
  });
});
