import { randomUUID } from 'node:crypto';
import nodemailer from 'nodemailer';
import {
  composeMessage,
  DELIVERY_HEADER,
  deliveryRetryDelay,
  EVENT_OF_KIND,
  MAX_DELIVERY_ATTEMPTS,
  nextMessageAt,
  SIGNATURE_HEADER,
  signWebhook,
  testAlert,
  TIMESTAMP_HEADER,
  type AlertNames,
  type ComposedMessage,
} from '../domain/alerts.js';
import type { Clock } from '../domain/clock.js';
import type { AlertSecrets } from '../connections/alert-secrets.js';
import type { Logger } from '../observability/logger.js';
import type { AlertsSettings } from '../settings/schemas.js';
import { readSettings } from '../settings/service.js';
import { SMTP_PASSWORD, storeLabel, WEBHOOK_SECRET } from '../settings/schemas.js';
import { ALERT_CHANNELS, type AlertChannel, type AlertMessage } from '../storage/alerts-repository.js';
import type { Storage } from '../storage/storage.js';

export interface AlertDispatcherOptions {
  storage: Storage;
  clock: Clock;
  logger: Logger;
  secrets: AlertSecrets;
  /** PUBLIC_URL when it was given: the messages link there. */
  baseUrl: string | undefined;
  fetch?: typeof fetch;
  /** How long one delivery may take (a webhook answer, an SMTP conversation). */
  timeoutMs?: number;
}

export interface TestResult {
  channel: AlertChannel;
  ok: boolean;
  /** Where it went (the webhook's address, the recipients). */
  target: string;
  error?: string;
}

const LOCK = 'alerts-dispatch';

/** The channels a setting switches on. */
export function channelsOn(settings: AlertsSettings): AlertChannel[] {
  return ALERT_CHANNELS.filter((c) => (c === 'webhook' ? settings.webhook.url !== '' : settings.email.host !== '' && settings.email.to.length > 0));
}

/**
 * Delivers the alerts outbox: per channel, what came up goes as one message (a digest) once it has gathered and the
 * channel has been quiet long enough; each message is tried until it goes, with a growing pause, and a failure is logged
 * once. One process at a time does it (a database lease), whichever processes share the database; a crash at any point
 * loses nothing: an alert not yet in a message is still pending, a message not yet sent is still due.
 */
export class AlertDispatcher {
  private readonly owner = `alerts-${randomUUID().slice(0, 8)}`;

  constructor(private readonly options: AlertDispatcherOptions) {}

  /** Makes the messages that are due and tries the deliveries that are; `force` ignores the gathering and the pause. */
  async runOnce(opts: { force?: boolean } = {}): Promise<{ messages: number; sent: number; failed: number }> {
    const { storage, clock } = this.options;
    const outcome = { messages: 0, sent: 0, failed: 0 };
    // Most looks find nothing: two small reads, and no lease, settings or names.
    if (!(await storage.alerts.hasWork(clock.now()))) return outcome;
    if (!(await storage.locks.acquire(LOCK, this.owner, 120_000, clock.now()))) return outcome;
    try {
      const settings = (await readSettings(storage.settings)).alerts;
      const on = channelsOn(settings);
      let names: AlertNames | undefined;
      for (const channel of ALERT_CHANNELS) {
        const pending = await storage.alerts.pending(channel);
        if (pending.length === 0) continue;
        const wanted = (kind: keyof typeof EVENT_OF_KIND) => {
          const event = EVENT_OF_KIND[kind];
          return event === undefined || settings.events[event];
        };
        const skipped = pending.filter((a) => !on.includes(channel) || !wanted(a.facts.kind));
        if (skipped.length > 0) await storage.alerts.skip(channel, skipped.map((a) => a.id));
        const send = pending.filter((a) => !skipped.includes(a));
        if (send.length === 0) continue;
        const due = nextMessageAt({ oldestAt: Math.min(...send.map((a) => a.at)) }, await storage.alerts.lastMessageAt(channel), {
          gatherMs: settings.gatherSeconds * 1000,
          quietMs: settings.quietMinutes * 60_000,
        });
        if (!opts.force && (due === undefined || due > clock.now())) continue;
        names ??= await this.names();
        await storage.alerts.createMessage(channel, send.map((a) => a.id), composeMessage(send, names), clock.now());
        outcome.messages++;
      }
      for (const message of await storage.alerts.due(clock.now())) {
        if (await this.deliver(message, settings)) outcome.sent++;
        else outcome.failed++;
      }
    } finally {
      await storage.locks.release(LOCK, this.owner).catch(() => undefined);
    }
    return outcome;
  }

  /** Every few seconds until `signal` aborts (the host's and the worker's background task). */
  async run(signal: AbortSignal, everyMs = 5_000): Promise<void> {
    const { clock, logger } = this.options;
    let complained = false;
    while (!signal.aborted) {
      try {
        await this.runOnce();
        complained = false;
      } catch (error) {
        // The database, most likely: said once, then quiet until it works again.
        if (!complained) logger.warn({ err: error }, 'alerts could not be read or delivered; trying again');
        complained = true;
      }
      try {
        await clock.sleep(everyMs, signal);
      } catch {
        return;
      }
    }
  }

  /**
   * "Send a test alert": straight to every channel that is on, now, whatever the pause; each outcome is kept with the
   * other deliveries. An empty list: no channel is set up.
   */
  async test(by: string): Promise<TestResult[]> {
    const { storage, clock } = this.options;
    const settings = (await readSettings(storage.settings)).alerts;
    const alert = testAlert(by, clock.now());
    const composed = composeMessage([{ id: 0, at: alert.at, facts: alert.facts }], await this.names());
    const results: TestResult[] = [];
    for (const channel of channelsOn(settings)) {
      // Kept with no alert behind it (a test does not hold back the next real message).
      const id = await storage.alerts.createMessage(channel, [], composed, clock.now(), { state: 'pending', attempts: 0 });
      const message = (await storage.alerts.message(id))!;
      try {
        await this.send(message, settings);
        await storage.alerts.markSent(id, clock.now());
        results.push({ channel, ok: true, target: targetOf(channel, settings) });
      } catch (error) {
        const problem = describe(error);
        await storage.alerts.markFailed(id, problem, undefined);
        results.push({ channel, ok: false, target: targetOf(channel, settings), error: problem });
      }
    }
    return results;
  }

  private async deliver(message: AlertMessage, settings: AlertsSettings): Promise<boolean> {
    const { storage, clock, logger } = this.options;
    const id = Number(message.id);
    if (!channelsOn(settings).includes(message.channel)) {
      await storage.alerts.markFailed(id, `the ${message.channel} channel was switched off before this message went`, undefined);
      return false;
    }
    try {
      await this.send(message, settings);
      await storage.alerts.markSent(id, clock.now());
      logger.info({ channel: message.channel, alerts: message.alert_count }, `alert sent by ${message.channel}: ${message.subject}`);
      return true;
    } catch (error) {
      const problem = describe(error);
      const attempts = message.attempts + 1;
      const giveUp = attempts >= MAX_DELIVERY_ATTEMPTS;
      await storage.alerts.markFailed(id, problem, giveUp ? undefined : clock.now() + deliveryRetryDelay(attempts));
      // Logged once when it first fails and once if it is given up; the tries between are quiet (the dashboard has them).
      if (giveUp) logger.error({ channel: message.channel }, `alert not delivered after ${attempts} tries, given up: ${problem}`);
      else if (attempts === 1) logger.warn({ channel: message.channel }, `alert could not be delivered by ${message.channel} (${problem}); trying again with growing pauses`);
      else logger.debug({ channel: message.channel, attempts }, `alert delivery failed again: ${problem}`);
      return false;
    }
  }

  private async send(message: AlertMessage, settings: AlertsSettings): Promise<void> {
    const timeoutMs = this.options.timeoutMs ?? 15_000;
    const delivery = `alert-message-${String(message.id)}-${String(message.created_at)}`;
    if (message.channel === 'webhook') {
      const body = JSON.stringify({ type: 'magento-xero.alerts', delivery, createdAt: new Date(Number(message.created_at)).toISOString(), subject: message.subject, ...(JSON.parse(message.payload_json) as ComposedMessage['payload']) });
      const secret = await this.options.secrets.open(WEBHOOK_SECRET);
      const timestamp = Math.floor(this.options.clock.now() / 1000);
      const headers: Record<string, string> = {
        'content-type': 'application/json',
        'user-agent': 'magento-xero-alerts',
        [DELIVERY_HEADER]: delivery,
        [TIMESTAMP_HEADER]: String(timestamp),
        ...(secret ? { [SIGNATURE_HEADER]: signWebhook(secret, timestamp, body) } : {}),
      };
      const answer = await (this.options.fetch ?? fetch)(settings.webhook.url, { method: 'POST', headers, body, redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
      await answer.body?.cancel().catch(() => undefined);
      if (answer.status < 200 || answer.status > 299) throw new Error(`the webhook answered HTTP ${answer.status}`);
      return;
    }
    const e = settings.email;
    const password = e.user ? await this.options.secrets.open(SMTP_PASSWORD) : undefined;
    const transport = nodemailer.createTransport({
      host: e.host,
      port: e.port,
      secure: e.security === 'tls',
      requireTLS: e.security === 'starttls',
      ignoreTLS: e.security === 'none',
      ...(e.user ? { auth: { user: e.user, pass: password ?? '' } } : {}),
      connectionTimeout: timeoutMs,
      greetingTimeout: timeoutMs,
      socketTimeout: timeoutMs * 2,
    });
    try {
      await transport.sendMail({
        from: e.from,
        to: e.to,
        subject: message.subject,
        text: message.text,
        // The same id on every try of one message, so a mail system can drop a copy sent twice after a crash.
        messageId: `<${delivery}@magento-xero>`,
        headers: { 'X-Magento-Xero-Delivery': delivery },
      });
    } finally {
      transport.close();
    }
  }

  /** Organisations and stores by name, and the admin UI's public address, for the words of a message. */
  private async names(): Promise<AlertNames> {
    const { storage } = this.options;
    const [connections, settings] = await Promise.all([storage.connections.list('xero'), readSettings(storage.settings)]);
    const organisations = new Map(connections.filter((c) => c.tenant_id).map((c) => [c.tenant_id!, c.name]));
    return {
      organisation: (tenantId) => organisations.get(tenantId),
      store: (storeId) => {
        const store = settings.stores[String(storeId)];
        return store ? storeLabel(String(storeId), store).replace(/^store /, '') : undefined;
      },
      baseUrl: this.options.baseUrl,
    };
  }
}

function targetOf(channel: AlertChannel, settings: AlertsSettings): string {
  return channel === 'webhook' ? settings.webhook.url : settings.email.to.join(', ');
}

function describe(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return `${message}${cause}`.slice(0, 500);
}
