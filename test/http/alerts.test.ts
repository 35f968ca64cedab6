// Configuration → Alerts: the form saves through the settings service (secrets sealed, shown masked), "Send a test
// alert" reports each channel, and the dashboard lists the deliveries with their failures.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AlertSecrets } from '../../src/connections/alert-secrets.js';
import { buildApp } from '../../src/http/app.js';
import { createSecretBox } from '../../src/security/secrets.js';
import { SettingsService } from '../../src/settings/service.js';
import { openStorage, type Storage } from '../../src/storage/storage.js';
import { Client, FakeSync, PASSWORD } from './support.js';

let dir: string;
let storage: Storage;
let app: FastifyInstance;
let c: Client;
const tests: string[] = [];

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mx-alerts-'));
  storage = await openStorage(`sqlite:${join(dir, 'test.db')}`);
  const secrets = new AlertSecrets(storage, createSecretBox('k'.repeat(40)));
  app = await buildApp({
    storage,
    sync: new FakeSync(),
    config: { publicUrl: 'http://localhost:3000', adminPassword: PASSWORD },
    settings: new SettingsService(storage.settings, Date.now, [], secrets),
    alerts: {
      async test(by) {
        tests.push(by);
        return [
          { channel: 'webhook', ok: true, target: 'https://hooks.example.com/x' },
          { channel: 'email', ok: false, target: 'books@example.com', error: 'connect ECONNREFUSED 127.0.0.1:2525' },
        ];
      },
    },
  });
  c = new Client(app);
  await c.login();
});
afterEach(async () => {
  await app.close();
  await storage.close();
  rmSync(dir, { recursive: true, force: true });
});

const form = {
  'events.recordFailed': 'on',
  'events.xeroDisconnected': 'on',
  'webhook.url': 'https://hooks.example.com/x',
  'webhook.secret': 'whsec-do-not-show',
  'email.host': 'smtp.example.com',
  'email.port': '587',
  'email.security': 'starttls',
  'email.user': 'shop',
  'email.password': 'smtp-pass-do-not-show',
  'email.from': 'shop@example.com',
  'email.to': 'books@example.com, me@example.com',
  gatherSeconds: '30',
  quietMinutes: '10',
};

describe('Configuration → Alerts', () => {
  it('saves the alert settings, keeps the secrets sealed outside the settings and shows them masked', async () => {
    const res = await c.form('/configuration/alerts', form);
    expect(res.statusCode).toBe(303);
    const stored = JSON.stringify(await storage.settings.get('alerts'));
    expect(stored).toContain('books@example.com');
    expect(stored).not.toMatch(/do-not-show/);
    const row = await storage.connections.get('alerts.email.password');
    expect(row?.secret).toMatch(/^v2\./);
    const page = await c.get('/configuration');
    expect(page.body).not.toMatch(/do-not-show/);
    expect(page.body).toContain('value="********"');
    expect(page.body).toMatch(/name="events.dailyLimit"(?! checked)/);
    // The form sent back as shown keeps both secrets.
    await c.form('/configuration/alerts', { ...form, 'webhook.secret': '********', 'email.password': '********', quietMinutes: '20' });
    expect(await storage.connections.get('alerts.webhook.secret')).toBeDefined();
    expect((await storage.settings.get<{ quietMinutes: number }>('alerts'))?.quietMinutes).toBe(20);
    const api = await c.get('/api/settings/alerts');
    expect(api.body).not.toMatch(/do-not-show/);
  });

  it('refuses a plain-http webhook elsewhere than this machine, naming the field', async () => {
    const res = await c.form('/configuration/alerts', { ...form, 'webhook.url': 'http://hooks.example.com/x' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('webhook.url: The webhook address must be https');
  });

  it('"Send a test alert" says which channel went through and which did not', async () => {
    const res = await c.form('/alerts/test', {});
    expect(res.statusCode).toBe(303);
    const page = await c.get('/configuration');
    expect(page.body).toContain('webhook: sent to https://hooks.example.com/x; email: not sent to books@example.com (connect ECONNREFUSED 127.0.0.1:2525)');
    expect(tests).toContain('A test from the Configuration page');
  });

  it('the dashboard lists the deliveries, with the error of one that failed', async () => {
    const sent = await storage.alerts.createMessage('webhook', [], { subject: 'magento-xero: Order 000000195 was not posted to Xero', text: '', payload: {} }, Date.now());
    await storage.alerts.markSent(sent, Date.now());
    const failing = await storage.alerts.createMessage('email', [], { subject: 'magento-xero: Xero needs to be connected again', text: '', payload: {} }, Date.now());
    await storage.alerts.markFailed(failing, 'connect ECONNREFUSED 127.0.0.1:2525', Date.now() + 30_000);
    const page = await c.get('/');
    expect(page.body).toContain('Order 000000195 was not posted to Xero');
    expect(page.body).toMatch(/badge good">sent/);
    expect(page.body).toContain('connect ECONNREFUSED 127.0.0.1:2525');
  });
});
