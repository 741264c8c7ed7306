// Child-process entry of the stand-in agent: reports its URLs over IPC, then answers
// `stats` / `reset` requests until the parent disconnects.
import { startStandInAgent } from './stand-in-agent.mjs';

// BENCH_AGENT_ARENA_MB: memory for the bodies of one window (see PayloadArena); the smoke run
// takes little.
const arenaMegabytes = Number(process.env.BENCH_AGENT_ARENA_MB ?? 256);
const agent = await startStandInAgent({
  spanEvents: process.env.BENCH_AGENT_SPAN_EVENTS !== '0',
  arenaBytes: Math.max(1, arenaMegabytes) * 1024 * 1024,
});
process.on('message', async (message) => {
  if (message?.type === 'stats') process.send({ id: message.id, type: 'stats', stats: await agent.stats() });
  else if (message?.type === 'reset') {
    agent.reset();
    process.send({ id: message.id, type: 'reset' });
  }
});
process.on('disconnect', () => {
  void agent.close().then(() => process.exit(0));
});
process.send({ type: 'ready', agentUrl: agent.agentUrl, otlpUrl: agent.otlpUrl });
