// Injected failures for resilience tests: the next `count` REST requests whose path contains `path` fail the way Magento
// does (429 {"message":"Too Many Requests"} from 2.4.7's limiter, a masked 500, or a 503 while in maintenance), or are
// answered only after `delayMs`.
export interface Fault {
  status?: 429 | 500 | 502 | 503;
  delayMs?: number;
  count: number;
  path?: string;
}

export interface FaultHit {
  status?: number;
  body?: { message: string };
  delayMs?: number;
}

export class FaultInjector {
  private faults: Fault[] = [];

  add(fault: Fault): void {
    this.faults.push({ ...fault });
  }

  clear(): void {
    this.faults = [];
  }

  pending(): number {
    return this.faults.reduce((sum, f) => sum + f.count, 0);
  }

  /** Consumes the first fault that applies to this path, if any. */
  take(path: string): FaultHit | undefined {
    const fault = this.faults.find((f) => f.count > 0 && (f.path === undefined || path.includes(f.path)));
    if (!fault) return undefined;
    fault.count -= 1;
    this.faults = this.faults.filter((f) => f.count > 0);
    const hit: FaultHit = {};
    if (fault.delayMs !== undefined) hit.delayMs = fault.delayMs;
    if (fault.status !== undefined) {
      hit.status = fault.status;
      hit.body = {
        message:
          fault.status === 429
            ? 'Too Many Requests'
            : fault.status === 503
              ? 'Service Unavailable'
              : fault.status === 502
                ? 'Bad Gateway'
                : `Internal Error. Details are available in Magento log file. Report ID: webapi-${Date.now().toString(16)}`,
      };
    }
    return hit;
  }
}
