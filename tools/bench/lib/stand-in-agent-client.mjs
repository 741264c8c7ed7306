// The orchestrator's handle on a stand-in agent running in its own process.
import { fileURLToPath } from 'node:url';
import { startChild } from './processes.mjs';

const SCRIPT = fileURLToPath(new URL('./stand-in-agent-process.mjs', import.meta.url));

/** Starts the stand-in agent process (pinned to `cpu` when given). */
export async function launchStandInAgent({ cpu } = {}) {
  const handle = startChild({ script: SCRIPT, cpu, execArgv: ['--max-old-space-size=8192'] });
  const ready = await handle.next('ready');
  return {
    agentUrl: ready.agentUrl,
    otlpUrl: ready.otlpUrl,
    async stats() {
      return (await handle.request({ type: 'stats' })).stats;
    },
    async reset() {
      await handle.request({ type: 'reset' });
    },
    async close() {
      handle.child.disconnect();
      await handle.exited;
    },
  };
}
