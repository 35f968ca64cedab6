import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, SECRET_MASK } from './schemas.js';
import { SettingsService, validateSetting, type SettingsDocuments, type SettingsSecrets } from './service.js';

const base = DEFAULT_SETTINGS.alerts;

function memory(): { docs: SettingsDocuments; stored: Map<string, unknown>; secrets: SettingsSecrets & { kept: Map<string, string> } } {
  const stored = new Map<string, unknown>();
  const kept = new Map<string, string>();
  return {
    stored,
    docs: { get: async (k) => stored.get(k), set: async (k, v) => void stored.set(k, v) },
    secrets: { kept, has: async (n) => kept.has(n), put: async (n, v) => void (v === null ? kept.delete(n) : kept.set(n, v)) },
  };
}

describe('alert settings', () => {
  it('want https for the webhook, except to this machine', () => {
    const url = (u: string) => validateSetting('alerts', { ...base, webhook: { url: u } });
    expect(url('https://hooks.example.com/x').ok).toBe(true);
    expect(url('http://127.0.0.1:9000/x').ok).toBe(true);
    expect(url('http://localhost/x').ok).toBe(true);
    expect(url('http://hooks.example.com/x')).toEqual({ ok: false, errors: ['webhook.url: The webhook address must be https (plain http only to this machine: localhost, 127.0.0.1)'] });
    expect(url('not a url')).toMatchObject({ ok: false, errors: ['webhook.url: Not a web address (https://example.com/hooks/magento-xero)'] });
  });

  it('want a sender and recipients for email, and never a password in clear over the network', () => {
    const email = (e: Partial<typeof base.email>) => validateSetting('alerts', { ...base, email: { ...base.email, ...e } });
    expect(email({ host: 'smtp.example.com' })).toEqual({ ok: false, errors: ['email.from: Give the address alerts are sent from', 'email.to: Give at least one address to send alerts to'] });
    expect(email({ host: 'smtp.example.com', from: 'shop@example.com', to: ['me@example.com'] }).ok).toBe(true);
    expect(email({ host: 'smtp.example.com', from: 'shop@example.com', to: ['me@example.com'], security: 'none', user: 'shop' })).toMatchObject({ ok: false, errors: [expect.stringMatching(/^email.security: A user and password are sent only over TLS/)] });
    expect(email({ host: '127.0.0.1', from: 'shop@example.com', to: ['me@example.com'], security: 'none', user: 'shop' }).ok).toBe(true);
    expect(email({ to: ['not-an-address'] })).toMatchObject({ ok: false, errors: ['email.to.0: Not an email address (name@example.com)'] });
  });

  it('keep the secrets out of the settings document: shown masked, kept when the mask comes back, forgotten when emptied, never exported', async () => {
    const m = memory();
    const service = new SettingsService(m.docs, () => 1, [], m.secrets);
    const saved = await service.set('alerts', { ...base, webhook: { url: 'https://h.example.com', secret: 'top-secret' } });
    expect(saved).toMatchObject({ ok: true, value: { webhook: { url: 'https://h.example.com', secret: SECRET_MASK } } });
    expect(JSON.stringify(m.stored.get('alerts'))).not.toContain('top-secret');
    expect(m.secrets.kept.get('alerts.webhook.secret')).toBe('top-secret');
    const shown = await service.get('alerts');
    expect(shown.webhook.secret).toBe(SECRET_MASK);
    // The form sends the mask back: the secret stays.
    await service.set('alerts', { ...shown, quietMinutes: 5 });
    expect(m.secrets.kept.get('alerts.webhook.secret')).toBe('top-secret');
    expect(JSON.stringify(await service.export())).not.toMatch(/top-secret|\*\*\*\*/);
    await service.set('alerts', { ...shown, webhook: { url: 'https://h.example.com', secret: '' } });
    expect(m.secrets.kept.has('alerts.webhook.secret')).toBe(false);
    expect((await service.get('alerts')).webhook.secret).toBeUndefined();
  });

  it('are refused when this process cannot keep secrets, rather than dropping them', async () => {
    const m = memory();
    const result = await new SettingsService(m.docs).set('alerts', { ...base, email: { ...base.email, password: 'pw' } });
    expect(result).toEqual({ ok: false, errors: ['email.password: secrets cannot be stored by this process (no SECRET_KEY)'] });
    expect(m.stored.has('alerts')).toBe(false);
  });
});
