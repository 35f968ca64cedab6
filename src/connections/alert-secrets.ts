import { connectionSecretPlace, type SecretBox } from '../security/secrets.js';
import type { SettingsSecrets } from '../settings/service.js';
import type { Storage } from '../storage/storage.js';

/**
 * The secrets of the alert settings (the webhook's shared secret, the SMTP password), kept as the Xero tokens are: a
 * connection row each, sealed with SECRET_KEY (AES-256-GCM, bound to its row), re-sealed on key rotation with the rest.
 */
export class AlertSecrets implements SettingsSecrets {
  constructor(
    private readonly storage: Storage,
    private readonly box: SecretBox,
    private readonly now: () => number = Date.now,
  ) {}

  async has(name: string): Promise<boolean> {
    return Boolean((await this.storage.connections.get(name))?.secret);
  }

  async put(name: string, value: string | null): Promise<void> {
    if (value === null) return this.storage.connections.delete(name);
    await this.storage.connections.save(
      { id: name, kind: 'alerts', tenant_id: null, name, status: 'set', secret: this.box.seal(value, connectionSecretPlace(name)), meta_json: '{}', access_expires_at: null },
      this.now(),
    );
  }

  /** The secret in clear, for sending; undefined when none is kept. */
  async open(name: string): Promise<string | undefined> {
    const row = await this.storage.connections.get(name);
    return row?.secret ? this.box.open(row.secret, connectionSecretPlace(name)) : undefined;
  }
}
