/**
 * Thrown when a record would be posted to an organisation that has not gone live yet (its mapping was not confirmed
 * with "Start syncing"): the work waits, nothing is lost, and the dashboard says why.
 */
export class GoLivePendingError extends Error {
  override readonly name = 'GoLivePendingError';
  constructor(readonly tenantId: string) {
    super('waiting for "Start syncing": the organisation\'s account, tax and payment mapping has not been confirmed yet (dashboard, or `magento-xero go-live`)');
  }
}

export function isGoLivePending(error: unknown): error is GoLivePendingError {
  return error instanceof GoLivePendingError;
}
