// The issuer's own error types (it depends on nothing else in src/, not even errors.ts).

/** Bad input from whoever configures or drives the issuer (options, config file, admin calls). */
export class IssuerInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'IssuerInputError';
  }
}

/**
 * A protocol error answered to an HTTP client: status + JSON body. `body` is sent as is, so it can
 * have the OAuth shape (`{error, error_description}`) or the OpenAI shape (`{error:{message,code,...}}`).
 */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly outcome?: string,
  ) {
    super(`HTTP ${status}`);
    this.name = 'HttpError';
  }
}

/** RFC 6749 §5.2 error body. */
export function oauthError(status: number, error: string, description: string): HttpError {
  return new HttpError(status, { error, error_description: description }, error);
}

/** The OpenAI API error shape, as auth.openai.com sends it for refresh-token failures. */
export function openaiError(status: number, code: string, message: string): HttpError {
  return new HttpError(status, { error: { message, type: 'invalid_request_error', param: null, code } }, code);
}
