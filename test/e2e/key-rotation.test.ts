import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli.js';
import { startStack, TEST_SECRET_KEY, type Stack } from '../support/stack.js';

const NEW_KEY = 'rotated-key-rotated-key-rotated-key!!';

/** Rotating SECRET_KEY as the README says: one start with the old key in SECRET_KEY_PREVIOUS, then the old key can go. */
describe('SECRET_KEY rotation', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ magento: { customers: 2, products: 1, orders: 1 } });
    await stack.connectXero(); // tokens sealed with TEST_SECRET_KEY
  });
  afterAll(() => stack.close());

  const json = (text: string) => JSON.parse(text) as any;

  it('re-seals at start-up and by `secrets reseal`, so Xero keeps working with the new key alone', async () => {
    // Without the old key the stored tokens cannot be opened, and the command says what to do.
    const locked = await runCli(['secrets', 'reseal', '--json'], { ...stack.env, SECRET_KEY: NEW_KEY });
    expect(locked.code).toBe(1);
    expect(json(locked.stdout).unreadable).toEqual([{ id: 'xero', problem: expect.stringMatching(/SECRET_KEY_PREVIOUS/) }]);

    // One start (any command) with the old key listed re-seals everything with the new one.
    const rotating = await runCli(['status', '--json'], { ...stack.env, SECRET_KEY: NEW_KEY, SECRET_KEY_PREVIOUS: TEST_SECRET_KEY });
    expect(rotating.code, rotating.stderr).toBe(0);

    const after = await runCli(['secrets', 'reseal', '--json'], { ...stack.env, SECRET_KEY: NEW_KEY });
    expect(after.code, after.stderr).toBe(0);
    expect(json(after.stdout)).toEqual({ resealed: [], current: 1, unreadable: [] });
    const accounts = await runCli(['accounts', 'sync', '--json'], { ...stack.env, SECRET_KEY: NEW_KEY });
    expect(accounts.code, accounts.stderr).toBe(0);
    expect(json(accounts.stdout).existing).toContain('200');
  }, 180_000);
});
