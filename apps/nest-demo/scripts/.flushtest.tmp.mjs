import { startDevAgent } from '@dd-otel/dev-agent';
import { spawn } from 'node:child_process';
const agent = await startDevAgent({ port: 0 });
const child = spawn(process.execPath, ['scripts/run-demo.mjs'], { cwd: new URL('..', import.meta.url).pathname, env: { ...process.env, DD_TRACE_OTEL_ENABLED: 'true', DD_TRACE_AGENT_URL: agent.url }, stdio: ['ignore', 'ignore', 'inherit'] });
const code = await new Promise(r => child.on('exit', r));
console.log('exit', code, agent.spans().length, 'spans', agent.problems().length, 'problems');
await agent.close();
