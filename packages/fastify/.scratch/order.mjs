import net from 'node:net';
const name = process.argv[2];
const { default: Fastify } = await import(name);
const app = Fastify({ connectionTimeout: 300, requestTimeout: 400, serverFactory: undefined });
const log = (...a) => console.log(name, ...a);
app.addHook('onRequest', (req, reply, done) => {
  reply.raw.on('close', () => log('res close', req.url, 'finished=', reply.raw.writableFinished, 'headersSent', reply.raw.headersSent));
  req.raw.on('close', () => log('req close', req.url, 'aborted=', req.raw.aborted));
  done();
});
app.addHook('onTimeout', (req, reply, done) => { log('onTimeout', req.url); done(); });
app.addHook('onRequestAbort', (req, done) => { log('onRequestAbort', req.url); done(); });
app.get('/slow', async () => { await new Promise((r) => setTimeout(r, 1000)); return 'late'; });
app.post('/body', async (req) => 'got');
await app.listen({ port: 0, host: '127.0.0.1' });
const port = app.server.address().port;
// client abort
await new Promise((resolve) => {
  const s = net.connect(port, '127.0.0.1', () => { s.write('GET /slow?abort HTTP/1.1\r\nHost: x\r\n\r\n'); setTimeout(() => { s.destroy(); resolve(); }, 100); });
});
await new Promise((r) => setTimeout(r, 200));
log('--- connection timeout');
await new Promise((resolve) => {
  const s = net.connect(port, '127.0.0.1', () => { s.write('GET /slow?timeout HTTP/1.1\r\nHost: x\r\n\r\n'); });
  s.on('data', (d) => log('client got', JSON.stringify(String(d).slice(0, 40))));
  s.on('close', resolve);
});
await new Promise((r) => setTimeout(r, 1200));
log('--- partial body');
await new Promise((resolve) => {
  const s = net.connect(port, '127.0.0.1', () => { s.write('POST /body HTTP/1.1\r\nHost: x\r\ncontent-type: text/plain\r\ncontent-length: 100\r\n\r\nabc'); });
  s.on('data', (d) => log('client got', JSON.stringify(String(d).slice(0, 40))));
  s.on('close', resolve);
});
await new Promise((r) => setTimeout(r, 200));
await app.close();
