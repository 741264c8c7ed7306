const name = process.argv[2];
const { default: Fastify } = await import(name);
const app = Fastify();
app.addHook('onRequest', (req, reply, done) => {
  const ro = req.routeOptions;
  console.log(name, req.url, 'ro.url=', ro?.url, 'ro.method=', ro?.method, 'config=', JSON.stringify(ro?.config), 'is404=', req.is404);
  done();
});
app.register(async (inst) => { inst.get('/users/:id', { config: { datadog: false } }, async () => 'x'); }, { prefix: '/api' });
app.get('/', async () => 'hi');
await app.listen({ port: 0, host: '127.0.0.1' });
const base = `http://127.0.0.1:${app.server.address().port}`;
for (const p of ['/', '/api/users/3', '/nope']) await (await fetch(base + p)).text();
await app.close();
