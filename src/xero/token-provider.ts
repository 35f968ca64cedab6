/**
 * Where the client gets access tokens. The storage-backed one (src/connections/xero-token-store.ts) refreshes under a
 * database lock and rotates the refresh token; `invalidate` is called once when Xero answers 401 to a token we believed
 * valid, and must make the next `accessToken` a fresh one.
 */
export interface TokenProvider {
  accessToken(tenantId: string): Promise<string>;
  invalidate(tenantId: string): Promise<void>;
}

/**
 * For tests and the sandbox: a fixed token, or a `renew` callback that is asked for a new one after `invalidate`.
 */
export class InMemoryTokenProvider implements TokenProvider {
  private token: string | undefined;
  invalidations = 0;

  constructor(
    initial: string,
    private readonly renew?: () => Promise<string>,
  ) {
    this.token = initial;
  }

  async accessToken(_tenantId: string): Promise<string> {
    if (this.token === undefined) {
      if (!this.renew) throw new Error('no access token');
      this.token = await this.renew();
    }
    return this.token;
  }

  async invalidate(_tenantId: string): Promise<void> {
    this.invalidations += 1;
    this.token = undefined;
  }
}
