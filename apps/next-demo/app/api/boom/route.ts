/** A route handler that throws: Next answers 500 and calls onRequestError. */
export async function GET(): Promise<Response> {
  throw new RangeError('boom from a route handler');
}
