import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { xeroEmulatorOf } from '../emulators/xero/index.js';

/**
 * The sandbox's Xero organisation outlives a restart: its documents are written to a file when the sandbox stops and loaded
 * when it starts, so a second start resumes against the same books instead of an empty organisation.
 */
export class XeroSnapshots {
  constructor(private readonly file: string) {}

  restore(app: FastifyInstance): void {
    if (!existsSync(this.file)) return;
    const handles = xeroEmulatorOf(app) as ReturnType<typeof xeroEmulatorOf> & { restore?: (s: unknown) => void };
    if (typeof handles.restore === 'function') handles.restore(JSON.parse(readFileSync(this.file, 'utf8')));
  }

  save(app: FastifyInstance): void {
    const handles = xeroEmulatorOf(app) as ReturnType<typeof xeroEmulatorOf> & { snapshot?: () => unknown };
    if (typeof handles.snapshot === 'function') writeFileSync(this.file, JSON.stringify(handles.snapshot()));
  }
}
