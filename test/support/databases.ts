import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/**
 * The databases a contract suite runs against: always a fresh SQLite file, and PostgreSQL when TEST_DATABASE_URL is set.
 * Without it the PostgreSQL half is skipped with one line; under CI=true its absence is an error, so CI cannot pass green
 * without having run it.
 */
export interface TestDatabase {
  name: 'sqlite' | 'postgres';
  /** A URL to a fresh, empty database (a new file, or a new schema), and how to throw it away. */
  create(): Promise<{ url: string; drop(): Promise<void> }>;
}

const sqlite: TestDatabase = {
  name: 'sqlite',
  async create() {
    const dir = mkdtempSync(join(tmpdir(), 'mx-test-'));
    return { url: `sqlite:${join(dir, 'test.db')}`, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  },
};

function postgres(baseUrl: string): TestDatabase {
  return {
    name: 'postgres',
    async create() {
      const schema = `t_${process.pid}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
      const admin = new pg.Client({ connectionString: baseUrl });
      await admin.connect();
      await admin.query(`create schema ${schema}`);
      await admin.end();
      const url = new URL(baseUrl);
      url.searchParams.set('options', `-c search_path=${schema}`);
      return {
        url: url.toString(),
        async drop() {
          const c = new pg.Client({ connectionString: baseUrl });
          await c.connect();
          await c.query(`drop schema if exists ${schema} cascade`);
          await c.end();
        },
      };
    },
  };
}

let warned = false;

export function testDatabases(): TestDatabase[] {
  const url = process.env['TEST_DATABASE_URL'];
  if (url) return [sqlite, postgres(url)];
  if (process.env['CI'] === 'true') {
    throw new Error('TEST_DATABASE_URL is not set: under CI=true the PostgreSQL tests must run, not be skipped');
  }
  if (!warned) {
    warned = true;
    console.warn('PostgreSQL tests skipped: set TEST_DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/test) to run them');
  }
  return [sqlite];
}

export function postgresUrl(): string | undefined {
  const url = process.env['TEST_DATABASE_URL'];
  if (!url && process.env['CI'] === 'true') {
    throw new Error('TEST_DATABASE_URL is not set: under CI=true the PostgreSQL tests must run, not be skipped');
  }
  return url;
}
