// Renders bench/RESULTS.md from bench/results/*.json (written by the benchmarks). Run after `vitest run --config
// bench/vitest.config.ts`: `node --experimental-strip-types bench/render.ts` (Node 22+) or through vitest (render.bench.test.ts).
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';

type Json = Record<string, any>;

export function renderResults(results: Record<string, Json>): string {
  const lines: string[] = ['# Benchmark results', ''];
  const any = Object.values(results)[0];
  if (any?.['machine']) {
    const m = any['machine'];
    lines.push(`Machine: ${m.cpu} × ${m.cpus}, ${m.memoryGb} GB, Node ${m.node}.`, '');
  }
  // Each file records when it ran and how busy the machine was (load average 1/5/15 min when it finished): on a
  // shared 2-core machine the wall-clock figures move with the load.
  const runs = Object.entries(results).filter(([, r]) => r['machine']);
  if (runs.length > 0) {
    lines.push('| Result | Run | Load average (1, 5, 15 min) at the end |', '| --- | --- | --- |');
    for (const [name, r] of runs) lines.push(`| ${name} | ${r['machine'].date} | ${r['machine'].loadAverage ?? 'not recorded'} |`);
    lines.push('');
  }
  lines.push('Command: `npx vitest run --config bench/vitest.config.ts` (the `bench` npm script), then this file is rendered from `bench/results/*.json`.', '');
  const b = results['backfill-real-limits'];
  if (b) {
    lines.push(`## 1–2. Backfill of ${b.orders} orders under Xero's real limits (60/min, 5 at once, 5,000/day), simulated clock`, '');
    lines.push(`${b.queued} Magento records → ${b.documents} Xero documents in ${b.calls} API calls (${b.callsPerDocument} per document; ${b.setupCalls} set-up calls). Floor: ${b.floorCalls} calls.`, '');
    lines.push('| Kind | Documents | Calls | Floor (documents / batch) | Calls per document |', '| --- | ---: | ---: | ---: | ---: |');
    for (const [k, v] of Object.entries(b.perKind as Json)) lines.push(`| ${k} | ${v.documents} | ${v.calls} | ${v.floor} | ${v.callsPerDocument} |`);
    lines.push('', `Simulated time: **${b.simulatedMinutes} minutes** (floor at 60 calls a minute: ${b.floorMinutes}); 429 answers: **${b.responses429}**; wall time ${b.wallSeconds} s; left in the queue: ${b.left}.`, '');
  }
  const o = results['one-by-one'];
  if (o) {
    lines.push(`## 1. Batched vs one by one (${o.orders} orders, no limits)`, '', '| Strategy | Documents | Calls | Calls per document | Wall s |', '| --- | ---: | ---: | ---: | ---: |');
    for (const key of ['batched', 'oneByOne']) {
      const r = o[key];
      if (r) lines.push(`| ${key === 'batched' ? 'batched (handlers\' sizes)' : 'batch size 1'} | ${r.documents} | ${r.calls} | ${r.callsPerDocument} | ${r.wallSeconds} |`);
    }
    lines.push('');
  }
  const t = results['throughput'];
  if (t) {
    lines.push(`## 3. Throughput, ${t.orders} orders, one in-process worker, no limits`, '', '| Database | Records | Xero documents | Wall s | Orders/s | Records/s |', '| --- | ---: | ---: | ---: | ---: | ---: |');
    for (const db of ['sqlite', 'postgres']) {
      const r = t[db];
      if (r) lines.push(`| ${db} | ${r.records} | ${r.xeroDocuments} | ${r.wallSeconds} | ${r.ordersPerSecond} | ${r.recordsPerSecond} |`);
    }
    lines.push('');
  }
  const w = results['workers'];
  if (w) {
    lines.push(
      `## 3b. Throughput, ${w.orders} orders, separate \`magento-xero worker\` processes on PostgreSQL, no limits`,
      '',
      'Queued once with `magento-xero queue add all`; then N workers started and timed until nothing is pending, failed or running; stopped with SIGTERM. Wall time counts from starting the processes (Node start-up, migrations check, first claim); "after start-up" counts from the first record done.',
      '',
      '| Workers | Records | Xero documents | Wall s | Orders/s | Records/s | Start-up s | Records/s after start-up | Parked | Duplicates | Exit codes |',
      '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
    );
    for (const r of w.runs as Json[]) {
      lines.push(
        `| ${r.workers} | ${r.records} | ${r.xeroDocuments} | ${r.wallSeconds} | ${r.ordersPerSecond} | ${r.recordsPerSecond} | ${r.startUpSeconds} | ${r.recordsPerSecondAfterStartUp} | ${r.parked} | ${(r.duplicatesOrMismatches as unknown[]).length} | ${(r.exitCodes as unknown[]).join(', ')} |`,
      );
    }
    lines.push('');
  }
  const m = results['memory'];
  if (m) {
    lines.push(
      `## 4. Memory of \`magento-xero sync --all\` over ${m.orders} orders (${m.database}, Xero emulator unlimited)`,
      '',
      `Peak RSS (VmHWM) of the CLI process: **${m.peakRssMb} MB** (budget ${m.budgetMb} MB: ${m.withinBudget ? 'within' : '**over**'}). Highest RSS in the first quarter of posting: ${m.maxRssFirstQuarterOfPostingMb} MB; in the last quarter: ${m.maxRssLastQuarterOfPostingMb} MB. Wall time ${m.wallSeconds} s (store generation in the benchmark process, not counted: ${m.generateSeconds} s).`,
      '',
      '| s | RSS MB | Peak so far MB | Progress |',
      '| ---: | ---: | ---: | --- |',
    );
    for (const s of m.samples as Json[]) lines.push(`| ${s.seconds} | ${s.rssMb} | ${s.hwmMb} | ${s.progress || 'starting'} |`);
    lines.push('', `Last line: \`${m.lastLine}\``, '');
  }
  const l = results['latency'];
  if (l) {
    lines.push(
      `## 5. Immediately mode: new Magento order → Xero invoice (\`magento-xero serve\`, store of ${l.storeOrders} orders backfilled first)`,
      '',
      '| Mode | Orders | p50 ms | p95 ms | Min ms | Max ms | Budget (p95) | Missing after 30 s |',
      '| --- | ---: | ---: | ---: | ---: | ---: | --- | ---: |',
    );
    for (const key of ['webhooks', 'polling']) {
      const r = l[key];
      if (r) lines.push(`| ${key === 'webhooks' ? 'webhooks' : `polling every ${l.pollIntervalSeconds} s`} | ${r.orders} | ${r.p50Ms} | ${r.p95Ms} | ${r.minMs} | ${r.maxMs} | < ${r.budgetMs} ms: ${r.withinBudget ? 'met' : '**missed**'} | ${(r.missingAfter30s as unknown[]).length} |`);
    }
    lines.push('', 'Timed from just before `POST /__emulator/activity` (which creates the order and delivers its webhook before answering) until an invoice with the order\'s number exists in the Xero emulator. With webhooks the 5 s poll still runs; whichever comes first queues the order.', '');
  }
  lines.push(
    '## Reading the figures',
    '',
    '- Credit notes cost most above their floor: every allocation is its own call (`PUT /CreditNotes/{id}/Allocations`; Xero has no batch form), so a backfill with many refunds is bounded by allocations, not by batches.',
    '- Contacts: guest orders look their contact up by ContactNumber before creating it, batch by batch, which is where contact calls above the floor come from.',
    '- Under the real limits the connector\'s own limiter kept the emulator from ever answering 429; simulated time is calls ÷ 60 a minute plus waits for dependencies and retries.',
    '',
    '## Not measured yet',
    '',
    'Throughput with 1, 2 and 4 separate `magento-xero worker` processes, peak RSS of the CLI while backfilling 100,000 orders, and immediately-mode latency (webhooks and polling). The CLI always applies Xero\'s real limits (60 calls a minute), so any CLI-driven benchmark is bounded by them; measuring these needs a way to lift the limiter for an emulator run. See bench/README.md.',
    '',
  );
  return lines.join('\n');
}

export function renderFromDisk(): string {
  const dir = new URL('./results/', import.meta.url);
  const results: Record<string, Json> = {};
  if (existsSync(dir)) {
    for (const f of readdirSync(dir).filter((n) => n.endsWith('.json'))) results[f.replace(/\.json$/, '')] = JSON.parse(readFileSync(new URL(f, dir), 'utf8')) as Json;
  }
  const md = renderResults(results);
  writeFileSync(new URL('./RESULTS.md', import.meta.url), md);
  return md;
}
