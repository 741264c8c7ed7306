// Load generator process of the HTTP benchmark (pinned apart from the server).
// argv: <url> <connections> <seconds> [requests per second, all connections together; default:
// as fast as the server answers]; replies over IPC with autocannon's figures.
import autocannon from 'autocannon';

const [url, connections, seconds, rate] = process.argv.slice(2);
const result = await autocannon({
  url,
  connections: Number(connections),
  duration: Number(seconds),
  ...(rate === undefined ? {} : { overallRate: Number(rate) }),
});
process.send(
  {
    type: 'result',
    requests: result.requests.total,
    durationSeconds: result.duration,
    reqPerSecond: result.requests.total / result.duration,
    p99Ms: result.latency.p99,
    p50Ms: result.latency.p50,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
  },
  () => process.exit(0),
);
