// `npx magento-xero` in the checkout runs this project's own command (npm exec resolves the root package's bin), never a
// registry look-up: two at once both answer (the issue saw one fail with npm's 404 for the unpublished name).
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

function npx(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    // --no-install: npx may only run what is here; it fails rather than fetch.
    const child = spawn('npx', ['--no-install', 'magento-xero', ...args], { cwd: ROOT, env: { ...process.env, npm_config_offline: 'true' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += String(d)));
    child.stderr.on('data', (d) => (stderr += String(d)));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('npx magento-xero', () => {
  it('runs the checkout\'s own command, two at once', async () => {
    const [a, b] = await Promise.all([npx(['--help']), npx(['status', '--help'])]);
    expect(a.code, a.stderr).toBe(0);
    expect(a.stdout).toContain('magento-xero');
    expect(b.code, b.stderr).toBe(0);
    expect(b.stdout).toContain('Connections, queue depth');
  }, 60_000);
});
