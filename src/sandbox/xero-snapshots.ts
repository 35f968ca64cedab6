import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { parseSnapshot, serializeSnapshot, xeroEmulatorOf } from '../emulators/xero/index.js';

/**
 * The sandbox's Xero organisation outlives a restart: its books are written to a file when the sandbox stops and loaded
 * when it starts, so a second start resumes against the same books instead of an empty organisation.
 */
export class XeroSnapshots {
  constructor(private readonly file: string) {}

  restore(app: FastifyInstance): void {
    if (existsSync(this.file)) xeroEmulatorOf(app).restore(parseSnapshot(readFileSync(this.file, 'utf8')));
  }

  save(app: FastifyInstance): void {
    writeFileSync(this.file, serializeSnapshot(xeroEmulatorOf(app).snapshot()));
  }
}
