import { AsyncLocalStorage, executionAsyncResource } from 'node:async_hooks';
import { request as httpRequest } from 'node:http';
const { default: Fastify } = await import(process.argv[2] ?? 'fastify');
const als = new AsyncLocalStorage();
const app = Fastify();
app.addHook('onRequest', (req, reply, done) => { als.run('REQ', done); });
app.addContentTypeParser('text/plain', (req, payload, done) => {
  let n = 0; payload.on('data', (c) => { n += c.length; console.log('data', als.getStore(), executionAsyncResource().constructor.name); });
  payload.on('end', () => { console.log('end', als.getStore()); done(null, n); });
});
app.addHook('preValidation', (req, reply, done) => { console.log('preValidation', als.getStore()); done(); });
app.post('/echo', async (req) => { console.log('handler', als.getStore()); return String(req.body); });
await app.listen({ port: 0, host: '127.0.0.1' });
const base = `http://127.0.0.1:${app.server.address().port}`;
await new Promise((resolve) => {
  const r = httpRequest(`${base}/echo`, { method: 'POST', headers: { 'content-type': 'text/plain' } });
  r.on('response', (res) => { res.resume(); res.on('end', resolve); });
  r.flushHeaders();
  let i = 0;
  const t = setInterval(() => { r.write('x'.repeat(100000)); if (++i === 3) { clearInterval(t); r.end(); } }, 30);
});
await app.close();
