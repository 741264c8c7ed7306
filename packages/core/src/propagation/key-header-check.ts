/**
 * Whether a carrier holds none of the headers extraction starts from (`traceparent`,
 * `x-datadog-trace-id`, `baggage` with the default styles), read as the API's default getter
 * reads them: `carrier[name]`.
 *
 * Each of the first names has a load site of its own. One site reading every name sees several
 * keys and V8 makes it megamorphic: each read then goes through the stub cache, ~250
 * instructions on a Fastify request (callgrind), against a map check for a site that always
 * reads the same name. Three sites cover the default styles and four all but unusual ones; any
 * further name goes through the shared loop.
 */
export class KeyHeaderCheck {
  private readonly first: string | undefined;
  private readonly second: string | undefined;
  private readonly third: string | undefined;
  private readonly fourth: string | undefined;
  private readonly rest: readonly string[];

  constructor(names: readonly string[]) {
    [this.first, this.second, this.third, this.fourth] = names;
    this.rest = names.slice(4);
  }

  /** True when `carrier[name]` is undefined for every name; false when the carrier cannot be read. */
  carriesNone(carrier: unknown): boolean {
    if (carrier === null || carrier === undefined) return true;
    try {
      const headers = carrier as Record<string, unknown>;
      const { first, second, third, fourth } = this;
      if (first !== undefined && headers[first] !== undefined) return false;
      if (second !== undefined && headers[second] !== undefined) return false;
      if (third !== undefined && headers[third] !== undefined) return false;
      if (fourth !== undefined && headers[fourth] !== undefined) return false;
      const rest = this.rest;
      for (let i = 0; i < rest.length; i++) {
        if (headers[rest[i]!] !== undefined) return false;
      }
      return true;
    } catch {
      return false; // a throwing getter or proxy: the full path copes with it
    }
  }
}
