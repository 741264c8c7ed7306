import { trace } from '@opentelemetry/api';
import { DatadogTracerProvider } from '@dd-otel/core';
import http from 'node:http';
const server = http.createServer((req, res) => { req.resume(); req.on('end', () => { res.end('{"rate_by_service":{}}'); }); });
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const provider = new DatadogTracerProvider({ url: `http://127.0.0.1:${server.address().port}`, service: 'bench', nativeSpanEvents: process.env.NATIVE === '1' ? true : 'auto' });
provider.register();
const tracer = trace.getTracer('bench');
const N = Number(process.env.N ?? 200000);
async function run(n) {
  for (let p = 0; p < n / 100; p++) {
    tracer.startActiveSpan('parent', (parent) => {
      for (let i = 0; i < 100; i++) {
        tracer.startActiveSpan('operation_name', (span) => {
          span.setAttribute('attribute_key1', 1);
          span.addEvent('Event With Some Attributes', { int_val: 1, string_val: 'two' });
          trace.getActiveSpan();
          span.end();
        });
      }
      parent.end();
    });
    await new Promise((r) => setImmediate(r));
  }
}
await run(20000);
const c0 = process.cpuUsage(); const t0 = performance.now();
await run(N);
const t1 = performance.now(); const c1 = process.cpuUsage(c0);
await provider.forceFlush();
console.log('ns/span', ((t1 - t0) * 1e6 / N).toFixed(0), 'cpu ns/span', (((c1.user + c1.system) * 1e3) / N).toFixed(0), 'rss MB', (process.resourceUsage().maxRSS / 1024).toFixed(0));
await provider.shutdown(); server.close();
