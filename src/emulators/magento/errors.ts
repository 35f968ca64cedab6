// Magento's web API error body: a message with %1 / %name placeholders and the values in `parameters`; the client
// substitutes them. Production mode never sends a trace.

export interface MagentoErrorBody {
  message: string;
  parameters?: Record<string, string | number> | Array<string | number>;
}

export class MagentoApiError extends Error {
  readonly statusCode: number;
  readonly body: MagentoErrorBody;
  constructor(statusCode: number, body: MagentoErrorBody) {
    super(body.message);
    this.name = 'MagentoApiError';
    this.statusCode = statusCode;
    this.body = body;
  }
}

export function isMagentoApiError(error: unknown): error is MagentoApiError {
  return error instanceof MagentoApiError;
}

export const NOT_FOUND_MESSAGE = "The entity that was requested doesn't exist. Verify the entity and try again.";

export function notFound(): MagentoApiError {
  return new MagentoApiError(404, { message: NOT_FOUND_MESSAGE });
}

/** Products say which SKU was missing. */
export function productNotFound(): MagentoApiError {
  return new MagentoApiError(404, {
    message: "The product that was requested doesn't exist. Verify the product and try again.",
  });
}

export function customerNotFound(id: string | number): MagentoApiError {
  return new MagentoApiError(404, {
    message: 'No such entity with %fieldName = %fieldValue',
    parameters: { fieldName: 'customerId', fieldValue: String(id) },
  });
}

export function unauthorized(resource: string): MagentoApiError {
  return new MagentoApiError(401, {
    message: "The consumer isn't authorized to access %resources.",
    parameters: { resources: resource },
  });
}

export function requiredField(fieldName: string): MagentoApiError {
  return new MagentoApiError(400, { message: '%fieldName is a required field.', parameters: { fieldName } });
}

export function badRequest(message: string, parameters?: MagentoErrorBody['parameters']): MagentoApiError {
  return new MagentoApiError(400, parameters === undefined ? { message } : { message, parameters });
}

export function storeNotFound(): MagentoApiError {
  return new MagentoApiError(400, {
    message: "The store that was requested wasn't found. Verify the store and try again.",
  });
}

export function routeNotFound(): MagentoApiError {
  return new MagentoApiError(404, { message: 'Request does not match any route.' });
}
