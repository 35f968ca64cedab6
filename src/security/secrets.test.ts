import { createCipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { connectionSecretPlace, createSecretBox, SecretError } from './secrets.js';

const KEY_A = 'a'.repeat(32);
const KEY_B = 'b'.repeat(32);
const KEY_C = 'c'.repeat(32);
const PLACE = 'connections/xero/secret';

/** A value as the previous release wrote it: v1, no associated data. Written out here so the format stays readable. */
function sealV1(secret: string, plain: string): string {
  const key = Buffer.from(hkdfSync('sha256', secret, 'magento-xero', 'credentials at rest v1', 32));
  const id = createHash('sha256').update(key).digest('base64url').slice(0, 8);
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return ['v1', id, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join('.');
}

describe('secret box', () => {
  it('round-trips and never shows the clear text', () => {
    const box = createSecretBox(KEY_A);
    const sealed = box.seal('refresh-token-123', PLACE);
    expect(sealed).not.toContain('refresh-token-123');
    expect(box.open(sealed, PLACE)).toBe('refresh-token-123');
    expect(box.seal('x', PLACE)).not.toBe(box.seal('x', PLACE));
  });

  it('refuses a tampered ciphertext', () => {
    const box = createSecretBox(KEY_A);
    const parts = box.seal('secret', PLACE).split('.');
    parts[4] = Buffer.from('other').toString('base64url');
    expect(() => box.open(parts.join('.'), PLACE)).toThrow(SecretError);
  });

  it('refuses a tag cut short: GCM alone would check only the bytes given (4 bytes = 2^32 tries to forge)', () => {
    const box = createSecretBox(KEY_A);
    for (const sealed of [box.seal('secret', PLACE), sealV1(KEY_A, 'secret')]) {
      const parts = sealed.split('.');
      for (const bytes of [4, 8, 12, 15]) {
        parts[3] = Buffer.from(sealed.split('.')[3]!, 'base64url').subarray(0, bytes).toString('base64url');
        expect(() => box.open(parts.join('.'), PLACE), `${bytes}-byte tag`).toThrow(/integrity/);
      }
    }
  });

  it('binds a value to its row: a ciphertext copied to another row does not open there', () => {
    const box = createSecretBox(KEY_A);
    const sealed = box.seal('token of row xero', 'connections/xero/secret');
    expect(() => box.open(sealed, 'connections/magento/secret')).toThrow(/integrity/);
    expect(box.open(sealed, 'connections/xero/secret')).toBe('token of row xero');
  });

  it('still opens values of the previous format (no row bound) and calls them stale, so the start-up re-seal binds them', () => {
    const box = createSecretBox(KEY_A);
    const old = sealV1(KEY_A, 'legacy token');
    expect(box.open(old, PLACE)).toBe('legacy token');
    expect(box.isStale(old)).toBe(true);
    expect(box.isStale(box.seal('legacy token', PLACE))).toBe(false);
  });

  it('rotates keys: the old key still opens, and says it is stale', () => {
    const sealedWithA = createSecretBox(KEY_A).seal('token', PLACE);
    const rotated = createSecretBox(KEY_B, [KEY_A]);
    expect(rotated.open(sealedWithA, PLACE)).toBe('token');
    expect(rotated.isStale(sealedWithA)).toBe(true);
    expect(rotated.isStale(rotated.seal('token', PLACE))).toBe(false);
    expect(() => createSecretBox(KEY_B).open(sealedWithA, PLACE)).toThrow(/different SECRET_KEY/);
  });
});

/**
 * Stored values written once, outside this code, by a few lines of node:crypto: key = HKDF-SHA256(SECRET_KEY 'a' x 32,
 * salt 'magento-xero', info 'credentials at rest v1', 32 bytes); key id = first 8 characters of base64url(SHA-256(key));
 * AES-256-GCM, IV 00 01 .. 0b; for v2 the associated data is the place 'connections/xero/secret', for v1 none. They pin
 * the stored format: whatever changes in the code, these must still open.
 */
const KEY_A_ID = 'NXI1FfE0';
const STORED_V2 = 'v2.NXI1FfE0.AAECAwQFBgcICQoL.v6MqB56I2LzFrGlSDSBaMw.dLJc2y8p81T160S7eyvz5uU'; // 'refresh-token-123'
const STORED_V1 = 'v1.NXI1FfE0.AAECAwQFBgcICQoL.AHY2wMENiYFCLvr_aMLvmw.arJdyCkjuw3u70qw'; // 'legacy token'
const STORED_V2_EMPTY = 'v2.NXI1FfE0.AAECAwQFBgcICQoL.pPLwrBvGGGbr7Pz_tf9azA.'; // '' (an empty body part)

const NOT_A_FORMAT = 'stored credentials are not in a format this version can read';
const WRONG_LENGTH = 'stored credentials failed their integrity check (a tag or nonce of the wrong length: tampered with)';
const FAILED_CHECK = 'stored credentials failed their integrity check (tampered with, moved from another row, or a wrong key)';
const UNKNOWN_KEY =
  'stored credentials were encrypted with a different SECRET_KEY: set it back, or list the old key in SECRET_KEY_PREVIOUS';

/** The stored value with part `index` (0 version, 1 key id, 2 iv, 3 tag, 4 body) replaced. */
function withPart(sealed: string, index: number, part: string): string {
  const parts = sealed.split('.');
  parts[index] = part;
  return parts.join('.');
}
const bytesOf = (sealed: string, index: number): Buffer => Buffer.from(sealed.split('.')[index]!, 'base64url');
/** The refusal `open` gives, as its class and exact words. */
function refusal(open: () => string): string {
  try {
    return `opened: ${open()}`;
  } catch (error) {
    return error instanceof SecretError ? `${error.name}: ${error.message}` : `not a SecretError: ${String(error)}`;
  }
}

describe('secret box: the stored format', () => {
  const box = createSecretBox(KEY_A);

  it('opens values written before this code, in both formats; v1 is bound to no place', () => {
    expect(box.open(STORED_V2, PLACE)).toBe('refresh-token-123');
    expect(box.open(STORED_V2_EMPTY, PLACE)).toBe('');
    expect(box.open(STORED_V1, PLACE)).toBe('legacy token');
    expect(box.open(STORED_V1, 'connections/magento/secret')).toBe('legacy token');
  });

  it('writes v2, the key id, a 12-byte iv, a 16-byte tag and the body, five parts', () => {
    const sealed = box.seal('refresh-token-123', PLACE);
    const [version, keyId, , , body, ...rest] = sealed.split('.');
    expect([version, keyId, rest]).toEqual(['v2', KEY_A_ID, []]);
    expect(bytesOf(sealed, 2).length).toBe(12);
    expect(bytesOf(sealed, 3).length).toBe(16);
    expect(Buffer.from(body!, 'base64url').length).toBe('refresh-token-123'.length); // GCM is a stream cipher: 17 bytes
    expect(box.seal('', PLACE).split('.')[4]).toBe('');
    expect(box.open(box.seal('', PLACE), PLACE)).toBe('');
    expect(box.open(box.seal('héllo ✓', PLACE), PLACE)).toBe('héllo ✓');
  });

  it('refuses a value whose parts are not v1/v2, key id, iv, tag, body', () => {
    const cases: Record<string, string> = {
      'version v3': withPart(STORED_V2, 0, 'v3'),
      'version V2': withPart(STORED_V2, 0, 'V2'),
      'no version': withPart(STORED_V2, 0, ''),
      'no key id': withPart(STORED_V2, 1, ''),
      'no iv': withPart(STORED_V2, 2, ''),
      'no tag': withPart(STORED_V2, 3, ''),
      'no body part': STORED_V2.split('.').slice(0, 4).join('.'),
      'a sixth part': `${STORED_V2}.AAAA`,
      'an empty sixth part': `${STORED_V2}.`,
      'v1 with a sixth part': `${STORED_V1}.AAAA`,
      'not sealed at all': 'refresh-token-123',
    };
    for (const [name, sealed] of Object.entries(cases)) {
      expect(refusal(() => box.open(sealed, PLACE)), name).toBe(`SecretError: ${NOT_A_FORMAT}`);
    }
  });

  it('refuses an iv or a tag of any length but 12 and 16 bytes itself, before GCM sees them', () => {
    for (const stored of [STORED_V2, STORED_V1]) {
      const iv = bytesOf(stored, 2);
      const tag = bytesOf(stored, 3);
      const cases: Record<string, string> = {
        'iv cut to 11 bytes': withPart(stored, 2, iv.subarray(0, 11).toString('base64url')),
        'iv grown to 13 bytes': withPart(stored, 2, Buffer.concat([iv, Buffer.from([0])]).toString('base64url')),
        'tag cut to 4 bytes': withPart(stored, 3, tag.subarray(0, 4).toString('base64url')),
        'tag cut to 15 bytes': withPart(stored, 3, tag.subarray(0, 15).toString('base64url')),
        'tag grown to 17 bytes': withPart(stored, 3, Buffer.concat([tag, Buffer.from([0])]).toString('base64url')),
      };
      for (const [name, sealed] of Object.entries(cases)) {
        expect(refusal(() => box.open(sealed, PLACE)), `${stored.slice(0, 2)} ${name}`).toBe(`SecretError: ${WRONG_LENGTH}`);
      }
    }
  });

  it('refuses a full-length iv, tag or body changed by one bit, and a v2 value moved to another place', () => {
    const flipped = (index: number): string => {
      const bytes = bytesOf(STORED_V2, index);
      bytes[0] = bytes[0]! ^ 1;
      return withPart(STORED_V2, index, bytes.toString('base64url'));
    };
    for (const sealed of [flipped(2), flipped(3), flipped(4)]) {
      expect(refusal(() => box.open(sealed, PLACE))).toBe(`SecretError: ${FAILED_CHECK}`);
    }
    expect(refusal(() => box.open(STORED_V2, 'connections/magento/secret'))).toBe(`SecretError: ${FAILED_CHECK}`);
    expect(refusal(() => box.open(withPart(STORED_V2, 0, 'v1'), PLACE))).toBe(`SecretError: ${FAILED_CHECK}`);
    expect(refusal(() => box.open(withPart(STORED_V1, 0, 'v2'), PLACE))).toBe(`SecretError: ${FAILED_CHECK}`);
  });
});

describe('secret box: keys', () => {
  it('opens values of every key listed as previous, and refuses an unlisted key by name', () => {
    const sealedWithB = createSecretBox(KEY_B).seal('token of key b', PLACE);
    const rotated = createSecretBox(KEY_C, [KEY_A, KEY_B]);
    expect(rotated.open(STORED_V2, PLACE)).toBe('refresh-token-123');
    expect(rotated.open(STORED_V1, PLACE)).toBe('legacy token');
    expect(rotated.open(sealedWithB, PLACE)).toBe('token of key b');
    expect(rotated.seal('x', PLACE).split('.')[1]).not.toBe(KEY_A_ID);
    expect(refusal(() => createSecretBox(KEY_C, [KEY_B]).open(STORED_V2, PLACE))).toBe(`SecretError: ${UNKNOWN_KEY}`);
  });

  it('refuses a value whose key id was swapped for a listed key: the wrong key fails the check', () => {
    const keyBId = createSecretBox(KEY_B).seal('x', PLACE).split('.')[1]!;
    const box = createSecretBox(KEY_A, [KEY_B]);
    expect(refusal(() => box.open(withPart(STORED_V2, 1, keyBId), PLACE))).toBe(`SecretError: ${FAILED_CHECK}`);
  });

  it('calls a value stale when made with a previous key or in v1, not when v2 with the current key', () => {
    expect(createSecretBox(KEY_A).isStale(STORED_V2)).toBe(false);
    expect(createSecretBox(KEY_A).isStale(STORED_V1)).toBe(true);
    expect(createSecretBox(KEY_B, [KEY_A]).isStale(STORED_V2)).toBe(true);
  });
});

describe('secret places and errors', () => {
  it('names a connection row\'s secret by table, id and column', () => {
    expect(connectionSecretPlace('xero')).toBe('connections/xero/secret');
    expect(connectionSecretPlace('alerts-slack')).toBe('connections/alerts-slack/secret');
    expect(createSecretBox(KEY_A).open(STORED_V2, connectionSecretPlace('xero'))).toBe('refresh-token-123');
  });

  it('names its errors SecretError, so callers and logs can tell them apart', () => {
    const error = new SecretError('x');
    expect([error.name, error.message, error instanceof Error]).toEqual(['SecretError', 'x', true]);
    expect(String(error)).toBe('SecretError: x');
  });
});
