import { AsyncLocalStorage } from 'node:async_hooks';
import { request as httpRequest } from 'node:http';
const { default: Fastify } = await import(process.argv[2] ?? 'fastify');
const als = new AsyncLocalStorage();
const app = Fastify();
app.addHook('onRequest', (req, reply, done) => { als.run('REQ', done); });
app.addHook('preParsing', (req, reply, payload, done) => { console.log('preParsing', als.getStore(), Date.now()); done(null, payload); });
app.addHook('preValidation', (req, reply, done) => { console.log('preValidation', als.getStore(), Date.now()); done(); });
app.post('/echo', async (req) => { console.log('handler', als.getStore()); return req.body; });
await app.listen({ port: 0, host: '127.0.0.1' });
const base = `http://127.0.0.1:${app.server.address().port}`;
await new Promise((resolve) => {
  const r = httpRequest(`${base}/echo`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': '17' } });
  r.on('response', (res) => { res.resume(); res.on('end', resolve); });
  r.flushHeaders();
  setTimeout(() => { console.log('sending body', Date.now()); r.end('{"hello":"world"}'); }, 50);
});
await app.close();
