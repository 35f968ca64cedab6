import { pino, type Logger, type LoggerOptions } from 'pino';
import pinoPretty from 'pino-pretty';

/**
 * Paths that may hold a secret anywhere in a log line. Redaction is configuration, not hope: a test writes each of these
 * and checks the output.
 */
export const REDACTED_PATHS = [
  'password',
  '*.password',
  'secret',
  '*.secret',
  'token',
  '*.token',
  'accessToken',
  '*.accessToken',
  'access_token',
  '*.access_token',
  'refreshToken',
  '*.refreshToken',
  'refresh_token',
  '*.refresh_token',
  'clientSecret',
  '*.clientSecret',
  'client_secret',
  '*.client_secret',
  'consumerSecret',
  '*.consumerSecret',
  'accessTokenSecret',
  '*.accessTokenSecret',
  'authorization',
  '*.authorization',
  'headers.authorization',
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  'cookie',
  '*.cookie',
];

export type { Logger };

const PARAMETER_NAME = /^[A-Za-z0-9_.\-[\]]{1,40}$/;

/**
 * A request URL fit for a log line: the path, and the query's parameter names with every value replaced. Query strings
 * carry what must not be kept (an OAuth authorization code and state on /oauth/callback, search text), and logs travel
 * further than the database.
 */
export function redactQuery(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const params = url
    .slice(q + 1)
    .split('&')
    .filter(Boolean)
    .map((part) => {
      const name = part.split('=', 1)[0] ?? '';
      return PARAMETER_NAME.test(name) ? `${name}=[redacted]` : '[redacted]';
    });
  return `${url.slice(0, q)}?${params.join('&')}`;
}

interface RequestLike {
  method?: string;
  url?: string;
  host?: string;
  ip?: string;
  socket?: { remotePort?: number };
}

/** Fastify's request serializer (the same fields), with the query string redacted. */
function requestSerializer(req: RequestLike): Record<string, unknown> {
  return {
    method: req.method,
    url: typeof req.url === 'string' ? redactQuery(req.url) : undefined,
    host: req.host,
    remoteAddress: req.ip,
    remotePort: req.socket?.remotePort,
  };
}

/**
 * How log lines look: `pretty` (one readable line each: time, level, message, the fields) for a person at a terminal,
 * `json` (one JSON document per line) for a log collector. `auto`: pretty on a terminal, JSON otherwise.
 */
export type LogFormat = 'auto' | 'json' | 'pretty';

export function createLogger(
  options: { level?: string; destination?: NodeJS.WritableStream; base?: Record<string, unknown>; format?: LogFormat } = {},
): Logger {
  const config: LoggerOptions = {
    level: options.level ?? 'info',
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    // Fastify logs every request through this (its own serializer is replaced by the logger's).
    serializers: { req: requestSerializer },
    base: options.base ?? { service: 'magento-xero' },
  };
  const destination = options.destination ?? process.stdout;
  const pretty = options.format === 'pretty' || (options.format === 'auto' && Boolean((destination as { isTTY?: boolean }).isTTY));
  if (pretty) {
    // Redaction happens before the line is formatted, so a pretty line hides the same secrets as a JSON one.
    const stream = pinoPretty({
      destination: destination as NodeJS.WritableStream,
      colorize: Boolean((destination as { isTTY?: boolean }).isTTY),
      translateTime: 'SYS:HH:MM:ss',
      ignore: 'pid,hostname,service',
      singleLine: true,
      sync: true,
    });
    return pino(config, stream);
  }
  return options.destination ? pino(config, options.destination as pino.DestinationStream) : pino(config);
}
