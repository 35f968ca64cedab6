/** Exit codes scripts can rely on. */
export const EXIT = {
  ok: 0,
  /** The work ran but something failed (records in error, a difference found). */
  failed: 1,
  /** The command line itself was wrong. */
  usage: 2,
  /** Configuration is missing or invalid. */
  config: 3,
  /** Magento or Xero could not be reached, refused the credentials, or needs reconnecting. */
  connection: 4,
  /** Xero's daily API limit is spent: try again after midnight UTC. */
  dailyLimit: 5,
} as const;

/** An error that ends the command with its own exit code and a one-line message saying what to do. */
export class CliError extends Error {
  override readonly name = 'CliError';
  constructor(
    message: string,
    readonly exitCode: number = EXIT.failed,
  ) {
    super(message);
  }
}
