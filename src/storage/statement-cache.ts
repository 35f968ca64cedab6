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
  // MX_SQL_STATS=1: count the statements run, by SQL text, and print the most frequent on close (benchmarks use it
  // to see how many statements a record costs).
  const counts = process.env['MX_SQL_STATS'] ? new Map<string, number>() : undefined;
  return {
    prepare(sql: string): Statement {
      counts?.set(sql, (counts.get(sql) ?? 0) + 1);
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
    },
    close(): void {
      if (counts) {
        const top = [...counts].sort((a, b) => b[1] - a[1]).slice(0, 40);
        const total = [...counts.values()].reduce((a, b) => a + b, 0);
        process.stderr.write(`SQL statements: ${total}\n${top.map(([q, n]) => `${String(n).padStart(7)}  ${q.slice(0, 160)}`).join('\n')}\n`);
      }
      statements.clear();
      sqlite.close();
    },
  };
}
