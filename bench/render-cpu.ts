// The CPU section of bench/RESULTS.md (issue 20): the connector's own CPU per record, before and after, with the emulators
// apart, Magento's side, and the profile's top ten. `cpu.json` is the current code; `cpu-before.json` the same benchmark
// run on the code before the CPU work (the commit it names); `cpu-<variant>.json` runs of the current code with other
// Node flags (BENCH_NODE_FLAGS, BENCH_RESULT_NAME), for split measurements.
type Json = Record<string, any>;

const DATABASES = ['sqlite', 'postgres'] as const;

export function cpuSection(results: Record<string, Json>): string[] {
  const after = results['cpu'];
  if (!after) return [];
  const before = results['cpu-before'];
  const variants = Object.entries(results).filter(([name]) => name.startsWith('cpu-') && name !== 'cpu-before');
  const lines: string[] = [
    `## 8. The connector's own CPU per record (${after.orders} orders, ${after.command})`,
    '',
    'The connector (`magento-xero sync --all`) and each emulator run in processes of their own; the connector\'s CPU is its process\'s user + system time when it exits, the emulators\' is read from /proc before and after. Records: customers, products, orders, Magento invoices and credit memos queued and posted.',
    '',
    `| Database | Code | Records | Connector CPU s | **ms per record** | Magento emulator CPU s | Xero emulator CPU s | Wall s | Load average at the end |`,
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
  ];
  const row = (db: string, label: string, run: Json | undefined) => {
    const r = run?.[db];
    if (!r) return;
    lines.push(`| ${db} | ${label} | ${r.records} | ${r.connectorCpuSeconds} | **${r.msPerRecord}** | ${r.magentoEmulatorCpuSeconds} | ${r.xeroEmulatorCpuSeconds} | ${r.wallSeconds} | ${run.machine?.loadAverage ?? ''} |`);
  };
  for (const db of DATABASES) {
    row(db, before ? `before (${before.commit ?? 'earlier code'})` : 'before: not measured', before);
    row(db, `now${after.commit ? ` (${after.commit})` : ''}`, after);
    for (const [name, v] of variants) row(db, `now (${v.commit ?? name}), ${v.nodeFlags || name}`, v);
  }
  const best = Math.min(...DATABASES.map((db) => after[db]?.msPerRecord ?? Infinity));
  const worst = Math.max(...DATABASES.map((db) => after[db]?.msPerRecord ?? 0));
  lines.push(
    '',
    'Both runs share a 2-core machine with other work (load average in the last column), which moves CPU seconds by as much as a fifth between runs of the same code. "Before" is the code before this work; "now" is the code with it (a batch\'s outcomes settled in one transaction, SQLite statements prepared once, a record\'s data in a table of its own, amounts converted without BigInt) and with everything else that landed since (the record page keeps every Xero request and answer, more totals per order, routing per store). The run with `--max-semi-space-size=32` is the split measurement of the garbage collector\'s share: larger young generation, fewer scavenges, less CPU, at a memory cost not measured at 100,000 orders, so the default stays at 8 MB.',
    '',
    `Budget ≤ ${after.budgetMsPerRecord} ms of connector CPU per record: **${worst <= after.budgetMsPerRecord ? 'met' : 'not met'}** (${best === worst ? `${best} ms` : `${best}–${worst} ms`}).`,
    '',
  );
  const m = after.sqlite?.magento;
  if (m) {
    lines.push(
      'Magento\'s side (a counting proxy in front of the Magento emulator, SQLite run):',
      '',
      '| Per 1,000 orders | Requests | KB answered | Magento-side ms |',
      '| --- | ---: | ---: | ---: |',
      `| now | ${m.requestsPer1000Orders} | ${m.kbPer1000Orders} | ${m.msPer1000Orders} |`,
      ...(before?.sqlite?.magento ? [`| before | ${before.sqlite.magento.requestsPer1000Orders} | ${before.sqlite.magento.kbPer1000Orders} | ${before.sqlite.magento.msPer1000Orders} |`] : []),
      '',
    );
    if (m.byPath) {
      lines.push(`Magento requests by endpoint, the whole SQLite run of ${after.orders} orders (orders are read twice: when listed, and again with their Magento invoices and credit memos):`, '', '| Endpoint | Requests | KB |', '| --- | ---: | ---: |');
      for (const [path, c] of Object.entries(m.byPath as Record<string, { requests: number; bytes: number }>)) lines.push(`| \`${path}\` | ${c.requests} | ${Math.round(c.bytes / 1024)} |`);
      lines.push('');
    }
  }
  for (const db of DATABASES) {
    const now = after[db]?.profile;
    if (!now) continue;
    const was = before?.[db]?.profile;
    lines.push(`Where the connector's time goes, ${db} (a second run under \`--cpu-prof\`; self time by area, then the top ten functions):`, '');
    lines.push('| Area | Before % | Now % |', '| --- | ---: | ---: |');
    const areas = new Map<string, [number | undefined, number | undefined]>();
    for (const a of was?.areas ?? []) areas.set(a.name, [a.percent, undefined]);
    for (const a of now.areas) areas.set(a.name, [areas.get(a.name)?.[0], a.percent]);
    for (const [name, [b, n]] of [...areas].sort((x, y) => (y[1][1] ?? 0) - (x[1][1] ?? 0))) lines.push(`| ${name} | ${b ?? ''} | ${n ?? ''} |`);
    lines.push('', '| # | Before | % | Now | % |', '| ---: | --- | ---: | --- | ---: |');
    for (let i = 0; i < 10; i++) {
      const b = was?.top?.[i];
      const n = now.top[i];
      lines.push(`| ${i + 1} | ${b ? `\`${b.name}\`` : ''} | ${b?.percent ?? ''} | ${n ? `\`${n.name}\`` : ''} | ${n?.percent ?? ''} |`);
    }
    lines.push('');
  }
  return lines;
}
