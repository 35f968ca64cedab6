import { describe, expect, it } from 'vitest';
import { createSecretBox, SecretError } from './secrets.js';

const KEY_A = 'a'.repeat(32);
const KEY_B = 'b'.repeat(32);

describe('secret box', () => {
  it('round-trips and never shows the clear text', () => {
    const box = createSecretBox(KEY_A);
    const sealed = box.seal('refresh-token-123');
    expect(sealed).not.toContain('refresh-token-123');
    expect(box.open(sealed)).toBe('refresh-token-123');
    expect(box.seal('x')).not.toBe(box.seal('x'));
  });

  it('refuses a tampered ciphertext', () => {
    const box = createSecretBox(KEY_A);
    const parts = box.seal('secret').split('.');
    parts[4] = Buffer.from('other').toString('base64url');
    expect(() => box.open(parts.join('.'))).toThrow(SecretError);
  });

  it('rotates keys: the old key still opens, and says it is stale', () => {
    const sealedWithA = createSecretBox(KEY_A).seal('token');
    const rotated = createSecretBox(KEY_B, [KEY_A]);
    expect(rotated.open(sealedWithA)).toBe('token');
    expect(rotated.isStale(sealedWithA)).toBe(true);
    expect(rotated.isStale(rotated.seal('token'))).toBe(false);
    expect(() => createSecretBox(KEY_B).open(sealedWithA)).toThrow(/different SECRET_KEY/);
  });
});
