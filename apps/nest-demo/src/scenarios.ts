/** One request the demo sends, and the status it must get. */
export interface DemoScenario {
  name: string;
  path: string;
  headers?: Record<string, string>;
  status: number;
}

/** Every scenario of the demo, in the order `npm run demo` sends them. */
export const DEMO_SCENARIOS: readonly DemoScenario[] = [
  { name: 'user found', path: '/api/v1/users/42', headers: { 'x-request-id': 'demo-42' }, status: 200 },
  { name: 'user not found (NotFoundException)', path: '/api/v1/users/404', status: 404 },
  { name: 'validation failure (ParseIntPipe)', path: '/api/v1/users/forty-two', status: 400 },
  { name: 'guard rejects (no API key)', path: '/api/v1/users/42/permissions', status: 403 },
  { name: 'guard accepts', path: '/api/v1/users/42/permissions', headers: { 'x-api-key': 'demo' }, status: 200 },
  { name: 'Observable handler', path: '/api/v1/users/42/activity', status: 200 },
  { name: 'InternalServerErrorException', path: '/api/v1/users/boom', status: 500 },
  { name: 'guide snippets', path: '/api/snippets', status: 200 },
  { name: 'downstream call continuing the trace', path: '/api/v1/downstream', status: 200 },
  { name: 'unknown route', path: '/api/nowhere/12345', status: 404 },
];

export interface ScenarioResult {
  scenario: DemoScenario;
  status: number;
  body: string;
}

/** Sends every scenario to `baseUrl` once, in order. */
export async function driveScenarios(baseUrl: string, log?: (line: string) => void): Promise<ScenarioResult[]> {
  const results: ScenarioResult[] = [];
  for (const scenario of DEMO_SCENARIOS) {
    const response = await fetch(baseUrl + scenario.path, { headers: scenario.headers ?? {} });
    const body = await response.text();
    log?.(`  GET ${scenario.path} → ${response.status} (${scenario.name})`);
    results.push({ scenario, status: response.status, body });
  }
  return results;
}
