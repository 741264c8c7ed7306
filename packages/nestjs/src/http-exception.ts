/**
 * Nest's `HttpException`, recognised by shape rather than by class: the app may load another
 * copy of `@nestjs/common` than this package (or none of its classes may be the same object
 * across the ESM and CJS builds), and status must be read with `getStatus()`, not `.status`.
 */
interface HttpExceptionLike {
  getStatus(): unknown;
  getResponse(): unknown;
}

function isHttpExceptionLike(error: unknown): error is HttpExceptionLike {
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as Partial<HttpExceptionLike>).getStatus === 'function' &&
    typeof (error as Partial<HttpExceptionLike>).getResponse === 'function'
  );
}

/** The HTTP status an `HttpException` stands for, or undefined for any other value. Never throws. */
export function httpExceptionStatus(error: unknown): number | undefined {
  if (!isHttpExceptionLike(error)) return undefined;
  try {
    const status = error.getStatus();
    return typeof status === 'number' && Number.isInteger(status) ? status : undefined;
  } catch {
    return undefined;
  }
}
