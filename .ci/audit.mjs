// `npm audit --omit=dev`: the advisories against what the service runs with (not its dev tools). Policy: a high or
// critical advisory fails CI (fix it: upgrade, or replace the package); moderate and low ones are listed and pass; a
// registry that does not answer audit requests (a mirror or proxy) is said in one line and does not fail CI, since
// nothing was learnt either way.
import { spawnSync } from 'node:child_process';

const run = spawnSync('npm', ['audit', '--omit=dev', '--json'], { encoding: 'utf8', timeout: 120_000 });
let report;
try {
  report = JSON.parse(run.stdout);
} catch {
  report = undefined;
}

const counts = report?.metadata?.vulnerabilities;
if (!counts) {
  const status = report?.statusCode ?? report?.error?.code ?? (run.error ? run.error.code : `exit ${run.status}`);
  console.log(`npm audit could not be run: the registry did not answer the audit request (${status}); advisories not checked.`);
  process.exit(0);
}

const failing = ['high', 'critical'];
const found = Object.entries(report.vulnerabilities ?? {}).map(([name, v]) => ({
  name,
  severity: v.severity,
  advisories: (v.via ?? []).filter((x) => typeof x === 'object').map((x) => `${x.title} (${x.url})`),
  fix: v.fixAvailable ? 'a fix is available' : 'no fix yet',
}));
console.log(
  `npm audit (production dependencies): ${counts.critical ?? 0} critical, ${counts.high ?? 0} high, ${counts.moderate ?? 0} moderate, ${counts.low ?? 0} low`,
);
for (const f of found) console.log(`  ${f.severity}: ${f.name}, ${f.fix}${f.advisories.length ? `: ${f.advisories.join('; ')}` : ''}`);
if (found.some((f) => failing.includes(f.severity))) {
  console.log('High or critical advisories against production dependencies: upgrade or replace the package.');
  process.exit(1);
}
