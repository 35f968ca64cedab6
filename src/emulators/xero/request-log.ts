/** Every API call the emulator answered, for tests that count calls or check what a connector sent. */
export interface LoggedRequest {
  method: string;
  path: string;
  tenantId: string | null;
  status: number;
  time: number;
  bodySize: number;
  idempotencyKey: string | null;
  fault: string | null;
}

const MAX_ENTRIES = 200_000;

export class RequestLog {
  private entries: LoggedRequest[] = [];

  add(entry: LoggedRequest): void {
    this.entries.push(entry);
    if (this.entries.length > MAX_ENTRIES) this.entries = this.entries.slice(-MAX_ENTRIES / 2);
  }

  all(): LoggedRequest[] {
    return this.entries.slice();
  }

  clear(): void {
    this.entries = [];
  }
}
