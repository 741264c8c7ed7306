import { it } from 'vitest';
import { FASTIFY_MAJORS, listen, startTestTracing } from './harness.test-support.js';
import { buildTestApp } from './test-app.test-support.js';
it('prints', async () => {
  const tracing = await startTestTracing();
  const { app } = await buildTestApp(FASTIFY_MAJORS[0]!.Fastify);
  const base = await listen(app);
  await fetch(`${base}/boom`);
  await fetch(`${base}/api/users/3?token=abc`);
  console.log(JSON.stringify(await tracing.requestSpans(2), null, 1));
  await app.close(); await tracing.close();
});
