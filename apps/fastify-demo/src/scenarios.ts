/** The demo's requests, one per scenario, as a client would send them. */

export interface ScenarioResult {
  name: string;
  outcome: string;
}

async function get(url: string): Promise<string> {
  const response = await fetch(url);
  await response.arrayBuffer();
  return String(response.status);
}

/** A client that gives up on `/slow` after `afterMs`. */
async function abandon(url: string, afterMs: number): Promise<string> {
  try {
    await fetch(url, { signal: AbortSignal.timeout(afterMs) });
    return 'answered (not expected)';
  } catch {
    return 'aborted by the client';
  }
}

/** Sends every scenario's request to the app at `baseUrl`, in order. */
export async function runScenarios(baseUrl: string): Promise<ScenarioResult[]> {
  const results: ScenarioResult[] = [];
  const scenarios: Array<[string, () => Promise<string>]> = [
    ['hello', () => get(`${baseUrl}/hello`)],
    ['param route under a prefix', () => get(`${baseUrl}/api/users/42`)],
    ["the OTel API guide's snippets", () => get(`${baseUrl}/work`)],
    ['thrown error', () => get(`${baseUrl}/error`)],
    ['bad request', () => get(`${baseUrl}/bad-request`)],
    ['not found', () => get(`${baseUrl}/no/such/page/12345`)],
    ['downstream call (trace continues)', () => get(`${baseUrl}/chain`)],
    ['slow route the client aborts', () => abandon(`${baseUrl}/slow`, 200)],
  ];
  for (const [name, send] of scenarios) results.push({ name, outcome: await send() });
  return results;
}
