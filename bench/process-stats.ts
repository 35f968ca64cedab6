// Measuring other processes: CPU seconds from /proc (Linux), a child's exact CPU from the shell's `time`, and a
// counting proxy that sees every request the connector makes to Magento.
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

const TICKS_PER_SECOND = 100;

/** User + system CPU seconds a live process has used so far (from /proc/<pid>/stat). */
export function cpuSecondsOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) may hold spaces: count fields after its closing parenthesis.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

export interface TimedRun {
  code: number | null;
  userSeconds: number;
  systemSeconds: number;
  wallSeconds: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs a command under bash's `time`, which reads the child's resource usage when it is reaped: its whole CPU, to the
 * millisecond, with nothing lost at the end of the run (sampling /proc cannot see the last moments).
 */
export function timed(command: string, args: readonly string[], env: Record<string, string>): Promise<TimedRun> {
  const quoted = [command, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-c', `TIMEFORMAT='@@cpu %3U %3S'; time ${quoted}`], { env: { PATH: process.env['PATH'] ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-20_000)));
    child.on('error', reject);
    child.on('close', (code) => {
      const m = /@@cpu (\d+\.\d+) (\d+\.\d+)/.exec(stderr);
      if (!m) return reject(new Error(`no timing from bash:\n${stderr}`));
      resolve({ code, userSeconds: Number(m[1]), systemSeconds: Number(m[2]), wallSeconds: (Date.now() - started) / 1000, stdout, stderr: stderr.replace(m[0], '') });
    });
  });
}

export interface ProcessHandle {
  url: string;
  pid: number;
  child: ChildProcess;
  close(): Promise<void>;
}

/** Starts a module in its own Node process; the module prints one JSON line `{"url": ...}` once it listens. */
export function startProcess(script: string, cwd: string): Promise<ProcessHandle> {
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  child.stderr?.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-4000)));
  return new Promise((resolve, reject) => {
    let out = '';
    child.on('exit', (code) => reject(new Error(`emulator process exited (${code}):\n${err}`)));
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (!line) return;
      const { url } = JSON.parse(line) as { url: string };
      resolve({
        url,
        pid: child.pid!,
        child,
        close: () =>
          new Promise<void>((done) => {
            child.removeAllListeners('exit');
            child.once('exit', () => done());
            child.kill('SIGTERM');
          }),
      });
    });
  });
}

export interface ProxyCounts {
  requests: number;
  responseBytes: number;
  /** Sum over requests of the time from forwarding the request to the end of its answer. */
  upstreamMs: number;
  byPath: Record<string, { requests: number; bytes: number; ms: number }>;
}

/** A pass-through HTTP proxy that counts requests, answer bytes and the upstream's time per path. */
export async function countingProxy(target: string): Promise<{ url: string; counts(): ProxyCounts; reset(): void; close(): Promise<void> }> {
  const upstream = new URL(target);
  let counts: ProxyCounts = { requests: 0, responseBytes: 0, upstreamMs: 0, byPath: {} };
  const server = http.createServer((req, res) => {
    const started = process.hrtime.bigint();
    const path = (req.url ?? '/').split('?')[0]!.replace(/\/\d+(?=\/|$)/g, '/{id}');
    const forward = http.request(
      { host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers: { ...req.headers, host: upstream.host } },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        let bytes = 0;
        answer.on('data', (chunk: Buffer) => {
          bytes += chunk.length;
          res.write(chunk);
        });
        answer.on('end', () => {
          res.end();
          const ms = Number(process.hrtime.bigint() - started) / 1e6;
          counts.requests += 1;
          counts.responseBytes += bytes;
          counts.upstreamMs += ms;
          const p = (counts.byPath[path] ??= { requests: 0, bytes: 0, ms: 0 });
          p.requests += 1;
          p.bytes += bytes;
          p.ms += ms;
          // BENCH_PROXY_LOG=<file>: every request with its answer's size, to see which reads repeat.
          if (process.env['BENCH_PROXY_LOG']) appendFileSync(process.env['BENCH_PROXY_LOG'], `${req.method} ${decodeURIComponent(req.url ?? '')} ${bytes}\n`);
        });
      },
    );
    forward.on('error', () => res.destroy());
    req.pipe(forward);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    counts: () => counts,
    reset: () => (counts = { requests: 0, responseBytes: 0, upstreamMs: 0, byPath: {} }),
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
