import type { Database as SqliteDatabase, Statement } from 'better-sqlite3';

/**
 * better-sqlite3 behind Kysely's SQLite dialect with its statements kept: the dialect prepares every query afresh, and
 * the engine sends the same few dozen SQL texts thousands of times (claims, outcomes, the rate limiter's bookkeeping),
 * so preparing was a measurable share of the connector's CPU (bench/RESULTS.md, section 7). Kysely runs one query at a
 * time per connection, so a statement is never in use twice at once. The cache is bounded: SQL texts with a list of
 * placeholders differ by the list's length, and rarely used ones give way to recent ones.
 */
export function withStatementCache(sqlite: SqliteDatabase, limit = 500): { prepare(sql: string): Statement; close(): void } {
  const statements = new Map<string, Statement>();
  // MX_SQL_STATS=1: count the statements run and the time SQLite spent in them, by SQL text, and print the costliest on
  // close (benchmarks use it to see how many statements a record costs, and which ones its time goes to).
  const stats = process.env['MX_SQL_STATS'] ? new Map<string, { count: number; ms: number }>() : undefined;
  return {
    prepare(sql: string): Statement {
      const statement = cached(sql);
      if (!stats) return statement;
      const stat = stats.get(sql) ?? stats.set(sql, { count: 0, ms: 0 }).get(sql)!;
      stat.count++;
      const timedCall = <A extends unknown[], R>(call: (...args: A) => R) => (...args: A): R => {
        const started = performance.now();
        try {
          return call.apply(statement, args);
        } finally {
          stat.ms += performance.now() - started;
        }
      };
      // Only what Kysely's SQLite driver uses (a native statement's getters refuse any other receiver).
      return { reader: statement.reader, all: timedCall(statement.all), run: timedCall(statement.run), iterate: timedCall(statement.iterate) } as unknown as Statement;
    },
    close(): void {
      if (stats) {
        const top = [...stats].sort((a, b) => b[1].ms - a[1].ms).slice(0, 40);
        const total = [...stats.values()].reduce((a, b) => ({ count: a.count + b.count, ms: a.ms + b.ms }), { count: 0, ms: 0 });
        process.stderr.write(
          `SQL statements: ${total.count}, ${Math.round(total.ms)} ms in SQLite (costliest first: count, ms, SQL)\n` +
            `${top.map(([q, s]) => `${String(s.count).padStart(7)} ${String(Math.round(s.ms)).padStart(7)}  ${q.slice(0, 160)}`).join('\n')}\n`,
        );
      }
      statements.clear();
      sqlite.close();
    },
  };

  function cached(sql: string): Statement {
    let statement = statements.get(sql);
    if (statement) {
      // Most recently used last, so the first key is the one to drop.
      statements.delete(sql);
    } else {
      statement = sqlite.prepare(sql);
      if (statements.size >= limit) statements.delete(statements.keys().next().value as string);
    }
    statements.set(sql, statement);
    return statement;
  }
}
