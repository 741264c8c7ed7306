#!/usr/bin/env node
import { runCli } from './cli-run.js';

const output = {
  out: (line: string) => process.stdout.write(`${line}\n`),
  err: (line: string) => process.stderr.write(`${line}\n`),
};

runCli(process.argv.slice(2), output).then(
  (result) => {
    if (typeof result === 'number') {
      process.exitCode = result;
      return;
    }
    const shutdown = (signal: NodeJS.Signals): void => {
      output.out(`${signal} received, shutting down`);
      result.close().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    };
    process.once('SIGINT', shutdown);
    process.once('SIGTERM', shutdown);
  },
  (error: unknown) => {
    output.err(`dd-otel-dev-agent: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
