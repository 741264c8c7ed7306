import net from 'node:net';
const { default: Fastify } = await import('fastify');
const { default: plugin } = await import('@dd-otel/fastify');
const app = Fastify({ requestTimeout: 100, http: { connectionsCheckingInterval: 20 } });
await app.register(plugin);
app.post('/slow-upload', async () => 'x');
await app.listen({ port: 0, host: '127.0.0.1' });
const port = app.server.address().port;
console.time('x');
await new Promise((resolve) => {
  const s = net.connect(port, '127.0.0.1', () => { s.write('POST /slow-upload HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: 100\r\n\r\nonly part'); });
  s.on('data', (d) => console.log('client got', JSON.stringify(String(d).slice(0, 40))));
  s.on('close', resolve);
});
console.timeEnd('x');
await app.close();
