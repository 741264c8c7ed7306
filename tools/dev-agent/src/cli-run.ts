import { CliUsageError, parseCliArgs, USAGE } from './cli-args.js';
import { formatRequestLines } from './cli-log.js';
import { startDevAgent, type DevAgent } from './server.js';

export interface CliOutput {
  out(line: string): void;
  err(line: string): void;
}

/**
 * Runs the CLI: parses arguments, starts the agent and logs each payload. Returns the running
 * agent, or the exit code when it stopped early (0 after --help, 2 after a usage error).
 */
export async function runCli(argv: readonly string[], output: CliOutput): Promise<DevAgent | number> {
  let options;
  try {
    options = parseCliArgs(argv);
  } catch (error) {
    if (!(error instanceof CliUsageError)) throw error;
    output.err(`dd-otel-dev-agent: ${error.message}`);
    output.err(USAGE);
    return 2;
  }
  if (options.help) {
    output.out(USAGE);
    return 0;
  }
  const agent = await startDevAgent({ port: options.port, host: options.host, maxTraces: options.maxTraces });
  agent.subscribe((event) => {
    if (event.type === 'request') for (const line of formatRequestLines(event.request)) output.out(line);
    else if (event.type === 'clear') output.out('store cleared');
  });
  output.out(`dd-otel dev agent listening on ${agent.url}`);
  output.out(`  trace viewer: ${agent.viewerUrl}`);
  output.out(`  point a tracer at it: DD_TRACE_AGENT_URL=${agent.url}`);
  output.out(`  traces as JSON:       ${agent.url}/api/traces`);
  return agent;
}
