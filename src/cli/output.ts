import cliProgress from 'cli-progress';

/**
 * How a command talks: progress bars with counts, rate and ETA on a terminal; plain lines otherwise; nothing but one JSON
 * document on stdout with --json (progress then goes to stderr as lines).
 */
export interface Output {
  readonly json: boolean;
  info(line: string): void;
  result(data: unknown, human: () => string): void;
  progress(label: string, total?: number): Progress;
}

export interface Progress {
  /** `note`: why it goes no faster and how long is left ("Xero allows 60 calls a minute ..."), shown beside the count. */
  update(done: number, total?: number, note?: string): void;
  stop(): void;
}

export function createOutput(options: { json: boolean; stdout?: NodeJS.WriteStream; stderr?: NodeJS.WriteStream }): Output {
  const stdout = options.stdout ?? process.stdout;
  const stderr = options.stderr ?? process.stderr;
  const tty = Boolean(stderr.isTTY) && !options.json;
  return {
    json: options.json,
    info(line) {
      (options.json ? stderr : stdout).write(`${line}\n`);
    },
    result(data, human) {
      if (options.json) stdout.write(`${JSON.stringify(data, null, 2)}\n`);
      else stdout.write(`${human()}\n`);
    },
    progress(label, total) {
      if (tty) {
        const bar = new cliProgress.SingleBar(
          { format: `${label} [{bar}] {value}/{total} | {rate}/s | ETA {eta_formatted} {note}`, stream: stderr, hideCursor: true },
          cliProgress.Presets.shades_classic,
        );
        const started = Date.now();
        bar.start(total ?? 0, 0, { rate: '0', note: '' });
        let lastNote = '';
        return {
          update(done, newTotal, note) {
            if (newTotal !== undefined) bar.setTotal(newTotal);
            if (note !== undefined) lastNote = note;
            const rate = done / Math.max(0.001, (Date.now() - started) / 1000);
            bar.update(done, { rate: rate.toFixed(1), note: lastNote });
          },
          stop: () => bar.stop(),
        };
      }
      let lastLine = 0;
      let last = -1;
      let lastNote: string | undefined;
      return {
        update(done, newTotal, note) {
          const t = newTotal ?? total;
          // Plain progress: at most one line a second, and only when the count or the reason changed.
          const changedNote = note !== undefined && note !== lastNote;
          if ((done === last && !changedNote) || Date.now() - lastLine < 1000) return;
          lastLine = Date.now();
          last = done;
          if (note !== undefined) lastNote = note;
          stderr.write(`${label}: ${done}${t !== undefined ? `/${t}` : ''}${lastNote ? ` (${lastNote})` : ''}\n`);
        },
        stop() {},
      };
    },
  };
}
