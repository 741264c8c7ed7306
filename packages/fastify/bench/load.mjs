/**
 * Keep-alive load for bench/overhead.mjs, run as a child process (its CPU stays out of the
 * server's). argv: url, seconds, connections. Prints autocannon's totals as one JSON line.
 */
import autocannon from 'autocannon';

const [url, seconds, connections] = process.argv.slice(2);
const result = await autocannon({ url, duration: Number(seconds), connections: Number(connections) });
console.log(
  JSON.stringify({
    requests: result.requests.total,
    perSecond: result.requests.average,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    p99: result.latency.p99,
  }),
);
