/**
 * Extracts `rate_by_service` from a trace-endpoint answer (spec §7.6), e.g.
 * `{"rate_by_service":{"service:,env:":1,"service:web,env:prod":0.5}}`. Undefined for anything
 * else: old endpoints answer `OK`, some answers are empty, and entries that are not rates in
 * [0, 1] are left out so a garbled answer can never steer sampling.
 */
export function parseRateByService(body: string): Record<string, number> | undefined {
  if (body.length === 0 || body[0] !== '{') return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return undefined;
  }
  const rates = (parsed as { rate_by_service?: unknown } | null)?.rate_by_service;
  if (typeof rates !== 'object' || rates === null || Array.isArray(rates)) return undefined;
  const result: Record<string, number> = {};
  for (const [key, rate] of Object.entries(rates as Record<string, unknown>)) {
    if (typeof rate === 'number' && rate >= 0 && rate <= 1) result[key] = rate;
  }
  return result;
}
