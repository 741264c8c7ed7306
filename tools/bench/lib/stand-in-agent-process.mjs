// Child-process entry of the stand-in agent: reports its URLs over IPC, then answers
// `stats` / `reset` requests until the parent disconnects.
import { startStandInAgent } from './stand-in-agent.mjs';

const agent = await startStandInAgent({ spanEvents: process.env.BENCH_AGENT_SPAN_EVENTS !== '0' });
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
