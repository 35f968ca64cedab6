// Alerts end to end (docs/alerts.md): a sync with a bad record, Xero disconnected, the daily budget spent and a books check
// with a difference each reach a local webhook receiver (signature checked here, with our own HMAC) and a local SMTP
// server exactly once, naming the record by its Magento number; a restart between the event and its delivery loses
// nothing and sends nothing twice. SQLite, and PostgreSQL when TEST_DATABASE_URL is set.
import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toConfig } from '../../src/config/config.js';
import { parseEnvironment } from '../../src/config/environment.js';
import type { Clock } from '../../src/domain/clock.js';
import { runDailyReconciliation } from '../../src/reconcile/daily.js';
import { Runtime } from '../../src/runtime/runtime.js';
import { reconcilerFor } from '../../src/runtime/reconciler.js';
import { openStorage } from '../../src/storage/storage.js';
import { testDatabases } from '../support/databases.js';
import { ENTITY_TYPES } from '../../src/domain/entity-types.js';
import { memoryLogger } from '../support/quiet-logger.js';
import { runCli } from '../support/cli.js';
import { startStack, type Stack } from '../support/stack.js';

type Doc = Record<string, any>;
const WEBHOOK_SECRET = 'whsec-e2e-0123456789';
const SMTP_USER = 'shop';
const SMTP_PASSWORD = 'smtp-e2e-password';
const DAY = 86_400_000;

interface Hook {
  body: Doc;
  delivery: string;
}

/** A webhook receiver as a merchant would write one: it checks the signature over "<timestamp>.<body>" itself. */
async function webhookReceiver() {
  const got: Hook[] = [];
  const refusedSignatures: string[] = [];
  let refuse = false;
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (d: Buffer) => (raw += d.toString('utf8')));
    req.on('end', () => {
      const timestamp = String(req.headers['x-magento-xero-timestamp'] ?? '');
      const expected = `sha256=${createHmac('sha256', WEBHOOK_SECRET).update(`${timestamp}.${raw}`).digest('hex')}`;
      if (req.headers['x-magento-xero-signature'] !== expected) {
        refusedSignatures.push(raw);
        res.writeHead(401).end();
        return;
      }
      if (refuse) {
        res.writeHead(503).end('busy');
        return;
      }
      got.push({ body: JSON.parse(raw) as Doc, delivery: String(req.headers['x-magento-xero-delivery']) });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/alerts`,
    got,
    refusedSignatures,
    refuse: (on: boolean) => void (refuse = on),
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

interface Mail {
  from: string;
  to: string[];
  subject: string;
  text: string;
  messageId: string;
}

/** Headers unfolded, and a quoted-printable body decoded: enough of RFC 5322 / 2045 to read our own mails. */
function readMail(raw: string, envelope: { from: string; to: string[] }): Mail {
  const [head = '', ...rest] = raw.split(/\r?\n\r?\n/);
  const headers = head.replace(/\r?\n[ \t]+/g, ' ');
  const header = (name: string) => new RegExp(`^${name}:\\s*(.*)$`, 'im').exec(headers)?.[1]?.trim() ?? '';
  let text = rest.join('\n\n');
  if (/quoted-printable/i.test(header('Content-Transfer-Encoding'))) {
    text = text.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
    text = Buffer.from(text, 'latin1').toString('utf8');
  }
  return { ...envelope, subject: header('Subject'), text, messageId: header('Message-ID') };
}

async function smtpReceiver() {
  const got: Mail[] = [];
  let refuse = false;
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === SMTP_USER && auth.password === SMTP_PASSWORD) callback(null, { user: SMTP_USER });
      else callback(new Error('Invalid username or password'));
    },
    onData(stream, session, callback) {
      let raw = '';
      stream.on('data', (d: Buffer) => (raw += d.toString('latin1')));
      stream.on('end', () => {
        if (refuse) {
          const error = Object.assign(new Error('Mailbox busy, try again later'), { responseCode: 451 });
          callback(error);
          return;
        }
        got.push(readMail(raw, { from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((r) => r.address) }));
        callback();
      });
    },
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    port: (server.server.address() as AddressInfo).port,
    got,
    refuse: (on: boolean) => void (refuse = on),
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

describe.each(testDatabases())('alerts end to end on $name', (db) => {
  let stack: Stack;
  let drop: () => Promise<void> = async () => undefined;
  let hooks: Awaited<ReturnType<typeof webhookReceiver>>;
  let smtp: Awaited<ReturnType<typeof smtpReceiver>>;
  let open: Runtime | undefined;
  let tenantId: string;

  /** A connector process on the stack's database; `ahead` moves its clock on (a restart a while later). */
  async function runtime(options: { ahead?: number; perDay?: number } = {}): Promise<Runtime> {
    const config = toConfig(parseEnvironment(stack.env));
    const ahead = options.ahead ?? 0;
    const clock: Clock = { now: () => Date.now() + ahead, sleep: (ms) => new Promise((r) => setTimeout(r, Math.min(ms, 50))) };
    open = new Runtime({
      config,
      storage: await openStorage(config.databaseUrl),
      logger: memoryLogger(),
      clock,
      ...(options.perDay ? { limits: { perMinute: 60, concurrent: 5, perDay: options.perDay } } : {}),
    });
    return open;
  }
  async function stop(rt: Runtime): Promise<void> {
    await rt.close();
    open = undefined;
  }
  async function restart(rt: Runtime, options: Parameters<typeof runtime>[0] = {}): Promise<Runtime> {
    await stop(rt);
    return runtime(options);
  }
  /** The Xero emulator's control endpoints (its clock, a person's edit in the web app). */
  function xeroControl(path: string, body: unknown): Promise<Response> {
    const auth = Buffer.from(`${stack.env['XERO_CLIENT_ID']}:${stack.env['XERO_CLIENT_SECRET']}`).toString('base64');
    return fetch(`${stack.xero.url}/__emulator${path}`, { method: 'POST', headers: { authorization: `Basic ${auth}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
  }

  /** One delivery more on each channel since `before`, and the new ones. */
  async function delivered(rt: Runtime, before: { hooks: number; mails: number }): Promise<{ hook: Hook; mail: Mail }> {
    await rt.alerts().runOnce();
    expect(hooks.got.length - before.hooks, 'webhook deliveries').toBe(1);
    expect(smtp.got.length - before.mails, 'mails').toBe(1);
    return { hook: hooks.got.at(-1)!, mail: smtp.got.at(-1)! };
  }
  const counts = () => ({ hooks: hooks.got.length, mails: smtp.got.length });

  beforeAll(async () => {
    const database = db.name === 'postgres' ? await db.create() : undefined;
    if (database) drop = database.drop;
    // Orders of the last few days, so the daily books check (the days before today) compares them.
    stack = await startStack({
      magento: { customers: 6, products: 5, orders: 8, clock: () => Date.now() - 3 * DAY },
      ...(database ? { databaseUrl: database.url } : {}),
    });
    await stack.connectXero();
    hooks = await webhookReceiver();
    smtp = await smtpReceiver();
    stack.env['PUBLIC_URL'] = 'https://sync.example.com';
    const rt = await runtime();
    const saved = await rt.settingsService().set('alerts', {
      events: { recordFailed: true, dailyLimit: true, xeroDisconnected: true, booksDiffer: true },
      webhook: { url: hooks.url, secret: WEBHOOK_SECRET },
      email: { host: '127.0.0.1', port: smtp.port, security: 'none', user: SMTP_USER, password: SMTP_PASSWORD, from: 'shop@example.com', to: ['books@example.com'] },
      quietMinutes: 0,
      gatherSeconds: 0,
    });
    expect(saved.ok, JSON.stringify(saved)).toBe(true);
    tenantId = (await rt.connectedTenants())[0]!;
    await stop(rt);
  }, 120_000);
  afterAll(async () => {
    await open?.close();
    await Promise.allSettled([hooks?.close(), smtp?.close()]);
    await stack?.close();
    await drop();
  });

  it('a sync with a bad record: one message naming the order by its Magento number, with its page', async () => {
    const store = stack.magento.app.magento.context.store;
    const good = store.orders.all()[0] as Doc;
    const bad = JSON.parse(JSON.stringify(good)) as Doc;
    bad['entity_id'] = 99_001;
    bad['increment_id'] = 'BAD99001';
    bad['grand_total'] = 'not a number';
    for (const item of bad['items'] as Doc[]) item['order_id'] = 99_001;
    const loaded = await fetch(`${stack.magento.url}/__emulator/entities`, {
      method: 'POST',
      headers: { authorization: `Bearer ${stack.env['MAGENTO_ACCESS_TOKEN']}`, 'content-type': 'application/json' },
      body: JSON.stringify({ orders: [bad] }),
    });
    expect(loaded.ok).toBe(true);
    const rt = await runtime();
    const before = counts();
    // Everything Magento has, the bad order with it, as "Add all data to queue" does.
    await rt.capture!.enqueueAll(ENTITY_TYPES);
    await rt.worker().runUntilIdle();
    const parked = (await rt.storage.queue.list({ state: 'parked' })).map((e) => e.magento_id);
    expect(parked).toEqual(['99001']);
    const { hook, mail } = await delivered(rt, before);
    expect(hook.body['count']).toBe(1);
    expect(hook.body['alerts'][0]).toMatchObject({
      kind: 'record_failed',
      title: 'Order BAD99001 was not posted to Xero',
      record: { type: 'order', number: 'BAD99001' },
      url: 'https://sync.example.com/record/order/99001',
    });
    expect(hook.body['alerts'][0].what).toMatch(/grand_total/);
    expect(mail.subject).toBe('magento-xero: Order BAD99001 was not posted to Xero');
    expect(mail.to).toEqual(['books@example.com']);
    expect(mail.text).toContain('What to do:');
    expect(mail.text).toContain('https://sync.example.com/record/order/99001');
    // The same failure again is not news.
    await rt.storage.queue.retry();
    await rt.worker().runUntilIdle();
    await rt.alerts().runOnce();
    expect(counts()).toEqual({ hooks: before.hooks + 1, mails: before.mails + 1 });
    expect(hooks.refusedSignatures).toEqual([]);
    await stop(rt);
  }, 120_000);

  it('Xero disconnected: one message, still delivered once after the receivers were down and the process restarted', async () => {
    let rt = await runtime();
    const before = counts();
    hooks.refuse(true);
    smtp.refuse(true);
    // Xero forgets a refresh token unused for 60 days: the next refresh is refused (invalid_grant).
    const moved = await xeroControl('/clock', { advanceMs: 61 * DAY });
    expect(moved.ok).toBe(true);
    await expect(rt.tokens.invalidate()).rejects.toThrow(/connected again/);
    await expect(rt.tokens.invalidate()).rejects.toThrow(/connected again/);
    await rt.alerts().runOnce();
    expect(counts()).toEqual(before);
    const tried = await rt.storage.alerts.messages(2);
    expect(tried.map((m) => [m.state, m.attempts])).toEqual([
      ['pending', 1],
      ['pending', 1],
    ]);
    // Receivers back; the process restarts a minute later (past the first retry's pause).
    hooks.refuse(false);
    smtp.refuse(false);
    rt = await restart(rt, { ahead: 61_000 });
    const { hook, mail } = await delivered(rt, before);
    expect(hook.body['alerts'][0]).toMatchObject({ kind: 'xero_disconnected', title: 'Xero needs to be connected again', url: 'https://sync.example.com/configuration#xero' });
    expect(mail.subject).toBe('magento-xero: Xero needs to be connected again');
    expect(mail.text).toMatch(/press "Connect to Xero"/);
    // Nothing twice after another restart.
    rt = await restart(rt, { ahead: 10 * 60_000 });
    await rt.alerts().runOnce();
    expect(counts()).toEqual({ hooks: before.hooks + 1, mails: before.mails + 1 });
    await stop(rt);
    await stack.connectXero();
  }, 120_000);

  it('the daily budget spent: one message naming the organisation, raised before a crash and sent after the restart', async () => {
    // The connector counts its own calls against XERO_LIMITS: today's calls are already more than a budget of 1.
    let rt = await runtime({ perDay: 1 });
    const before = counts();
    const orders = stack.magento.app.magento.context.store.orders.all() as Doc[];
    // An order whose invoice the connector no longer knows: posting it takes a call, and there is none left today.
    const id = String(orders[1]!['entity_id']);
    await rt.storage.entityMap.remove({ store_id: 0, entity_type: 'order', magento_id: id, xero_kind: 'invoice' });
    await rt.storage.queue.enqueue([{ store_id: 0, entity_type: 'order', magento_id: id }], Date.now());
    await rt.worker().runUntilIdle();
    const waiting = await rt.storage.queue.list({ state: 'waiting' });
    expect(waiting.map((e) => `${e.magento_id} ${e.last_error ?? ''}`)).toEqual([expect.stringMatching(new RegExp(`^${id} waiting for Xero's daily limit`))]);
    // Killed before anything was delivered: the alert is in the outbox already.
    rt = await restart(rt);
    const { hook, mail } = await delivered(rt, before);
    expect(hook.body['alerts'][0]).toMatchObject({ kind: 'daily_limit', title: "Xero's daily API limit is spent for Test Shop (US)", organisation: 'Test Shop (US)' });
    expect(mail.subject).toBe("magento-xero: Xero's daily API limit is spent for Test Shop (US)");
    await rt.storage.queue.clear();
    await stop(rt);
  }, 120_000);

  it('the books check found a difference: one message listing it by its Magento number', async () => {
    const rt = await runtime();
    const before = counts();
    const store = stack.magento.app.magento.context.store;
    const links = await rt.storage.entityMap.getMany(0, 'order', store.orders.all().map((o: Doc) => String(o['entity_id'])));
    // A bookkeeper deletes (a draft) or voids (an approved) invoice by hand in Xero: the first one Xero lets go, as
    // Xero refuses it for an invoice with a payment.
    let posted: (typeof links)[number] | undefined;
    for (const link of links.filter((l) => l.xero_kind === 'invoice')) {
      for (const status of ['DELETED', 'VOIDED']) {
        const edit = await xeroControl(`/tenants/${tenantId}/edit`, { method: 'POST', path: `/Invoices/${link.xero_id}`, body: { InvoiceID: link.xero_id, Status: status } });
        if (edit.status === 200) posted = link;
        if (posted) break;
      }
      if (posted) break;
    }
    expect(posted, 'an invoice Xero lets a person delete or void').toBeDefined();
    // The generated store's orders spread over the three months before its clock: check them all.
    await rt.storage.settings.set('reconciliation', { daily: true, hour: 0, days: 92, repair: false });
    const reconciler = reconcilerFor(rt);
    const deps = { settings: rt.storage.settings, clock: rt.clock, reconcile: (r: { from: string; to: string }) => reconciler.reconcile(r), alerts: rt.storage.alerts, timeZone: 'UTC' };
    const summary = await runDailyReconciliation(deps);
    expect(summary?.error).toBeUndefined();
    expect(summary?.issues, JSON.stringify(summary)).toBeGreaterThan(0);
    const { hook, mail } = await delivered(rt, before);
    expect(hook.body['alerts'][0]).toMatchObject({ kind: 'books_differ', url: 'https://sync.example.com/reconciliation' });
    expect(hook.body['alerts'][0].what).toContain(posted!.xero_number);
    expect(mail.subject).toMatch(/^magento-xero: The books check found \d+ differences? between Magento and Xero/);
    // The same differences found again the next run: no new message.
    await runDailyReconciliation(deps, { force: true });
    await rt.alerts().runOnce();
    expect(counts()).toEqual({ hooks: before.hooks + 1, mails: before.mails + 1 });
    await stop(rt);
  }, 180_000);

  it('every message went once: one delivery id per message, one Message-ID per mail', () => {
    expect(new Set(hooks.got.map((h) => h.delivery)).size).toBe(hooks.got.length);
    expect(new Set(smtp.got.map((m) => m.messageId)).size).toBe(smtp.got.length);
    expect(hooks.got.map((h) => h.body['alerts'][0].kind)).toEqual(['record_failed', 'xero_disconnected', 'daily_limit', 'books_differ']);
    expect(hooks.refusedSignatures).toEqual([]);
  });
});

describe('alerts from the command line', () => {
  let stack: Stack;
  let hooks: Awaited<ReturnType<typeof webhookReceiver>>;
  let smtp: Awaited<ReturnType<typeof smtpReceiver>>;

  beforeAll(async () => {
    stack = await startStack({ magento: { customers: 1, products: 1, orders: 1 } });
    hooks = await webhookReceiver();
    smtp = await smtpReceiver();
  }, 60_000);
  afterAll(async () => {
    await Promise.allSettled([hooks?.close(), smtp?.close()]);
    await stack?.close();
  });

  it('says when no channel is set up, sets them with `settings set` (secrets masked, never exported) and sends a test alert', async () => {
    const none = await runCli(['alerts', 'test'], stack.env);
    expect(none.code, none.stderr).toBe(3);
    expect(none.stderr).toMatch(/No alert channel is set up: set alerts.webhook.url or alerts.email.host/);
    const refused = await runCli(['settings', 'set', 'alerts.webhook.url', 'http://hooks.example.com/x'], stack.env);
    expect(refused.code).toBe(3);
    expect(refused.stderr).toContain('webhook.url: The webhook address must be https');
    for (const [key, value] of [
      ['alerts.webhook.url', hooks.url],
      ['alerts.webhook.secret', WEBHOOK_SECRET],
      ['alerts.email', JSON.stringify({ host: '127.0.0.1', port: smtp.port, security: 'none', user: SMTP_USER, password: SMTP_PASSWORD, from: 'shop@example.com', to: ['books@example.com'] })],
    ] as const) {
      const set = await runCli(['settings', 'set', key, value], stack.env);
      expect(set.code, set.stderr).toBe(0);
    }
    const shown = await runCli(['settings', 'get', 'alerts'], stack.env);
    expect(JSON.parse(shown.stdout)).toMatchObject({ webhook: { url: hooks.url, secret: '********' }, email: { password: '********' } });
    const exported = await runCli(['settings', 'export'], stack.env);
    expect(exported.stdout).not.toMatch(/whsec|smtp-e2e|\*\*\*\*/);
    const sent = await runCli(['alerts', 'test'], stack.env);
    expect(sent.code, sent.stderr).toBe(0);
    expect(sent.stdout).toContain(`webhook: sent to ${hooks.url}`);
    expect(sent.stdout).toContain('email: sent to books@example.com');
    expect(hooks.got.map((h) => h.body['alerts'][0].kind)).toEqual(['test']);
    expect(smtp.got.map((m) => m.subject)).toEqual(['magento-xero: Test alert from magento-xero']);
    // A receiver that is down: exit 1, and the list says what happened.
    hooks.refuse(true);
    const failed = await runCli(['alerts', 'test'], stack.env);
    expect(failed.code).toBe(1);
    expect(failed.stdout).toContain('webhook: NOT sent to');
    const list = await runCli(['alerts', 'list'], stack.env);
    expect(list.stdout).toMatch(/webhook\s+failed\s+magento-xero: Test alert from magento-xero — last error: the webhook answered HTTP 503/);
  }, 120_000);
});
