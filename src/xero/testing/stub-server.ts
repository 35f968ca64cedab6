// A tiny HTTP server for the clients' unit tests: listens on port 0, records every request, answers with whatever the
// test's handler returns. Not an emulator: each test says exactly what the far side answers.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  /** Path and query exactly as sent. */
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface StubAnswer {
  status?: number;
  headers?: Record<string, string>;
  /** An object is sent as JSON; a string as it is. */
  body?: unknown;
  /** Destroy the socket without answering. */
  hangUp?: boolean;
  /** Never answer (for timeouts). */
  hang?: boolean;
}

export type StubHandler = (request: RecordedRequest, index: number) => StubAnswer | Promise<StubAnswer>;

export interface StubServer {
  url: string;
  requests: RecordedRequest[];
  /** Replaces the handler (tests that need several phases). */
  handle(handler: StubHandler): void;
  close(): Promise<void>;
}

export async function startStub(handler: StubHandler): Promise<StubServer> {
  let current = handler;
  const requests: RecordedRequest[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const recorded: RecordedRequest = {
        method: req.method ?? 'GET',
        url: req.url ?? '/',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(recorded);
      void Promise.resolve(current(recorded, requests.length - 1)).then((answer) => {
        if (answer.hang) return;
        if (answer.hangUp) {
          req.socket.destroy();
          return;
        }
        const isText = typeof answer.body === 'string';
        const payload = answer.body === undefined ? '' : isText ? (answer.body as string) : JSON.stringify(answer.body);
        res.writeHead(answer.status ?? 200, {
          ...(answer.body !== undefined && !isText ? { 'content-type': 'application/json' } : {}),
          ...answer.headers,
        });
        res.end(payload);
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    handle(next) {
      current = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
