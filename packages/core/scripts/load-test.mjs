#!/usr/bin/env node
/**
 * Sustained load through the whole dd-otel pipeline (spans → sampler → mapper → encoder →
 * exporter → HTTP) into an Agent in a process of its own (scripts/load-test-agent.mjs: counts
 * every span, the dev agent validates payloads), so the figures here are the app's alone.
 * Needs a build (`npm run build -w @dd-otel/core`) unless --core points at another entry.
 *
 *   node scripts/load-test.mjs                      # 20 000 spans/s for 60 s
 *   node scripts/load-test.mjs --duration 3         # the short form the test suite runs
 *   node scripts/load-test.mjs --duration 90 --outage 60 --outage-at 10
 *                                                   # the Agent is gone for 60 s, then returns
 *
 * Prints created/received spans, spans/s achieved, RSS start/end/max and the event-loop delay
 * (p50/p99/max, perf_hooks.monitorEventLoopDelay), then one JSON line with all figures. Exits 1
 * when a span is lost (received ≠ created; with --outage: received ≠ sent or sent + dropped ≠
 * created), when a payload failed validation, or when peak RSS exceeded the start by more than
 * --max-rss-growth-mb.
 */
import { fork } from 'node:child_process';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const USAGE = `Usage: node scripts/load-test.mjs [options]
  --duration <s>            seconds of load                         default 60
  --rate <spans/s>          spans created per second                default 20000
  --protocol <0.4|0.5>      Agent protocol                          default 0.4
  --outage <s>              stop the Agent for this long mid-run    default 0 (none)
  --outage-at <s>           when the outage starts                  default duration / 4
  --max-rss-growth-mb <n>   fail if peak RSS exceeds start by more  default 256
  --validate <sample|all>   dev agent validates every payload (all)
                            or each one arriving while it is idle   default sample
  --core <path>             @dd-otel/core entry to load             default ../dist/index.js
  --json                    print only the JSON line`;

const MB = 1024 * 1024;

function parseOptions(argv) {
  const { values } = parseArgs({
    args: argv,
    options: {
      duration: { type: 'string' },
      rate: { type: 'string' },
      protocol: { type: 'string' },
      outage: { type: 'string' },
      'outage-at': { type: 'string' },
      'max-rss-growth-mb': { type: 'string' },
      core: { type: 'string' },
      validate: { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  const number = (name, fallback, min) => {
    if (values[name] === undefined) return fallback;
    const parsed = Number(values[name]);
    if (!Number.isFinite(parsed) || parsed < min) throw new TypeError(`--${name} must be a number >= ${min}, got ${values[name]}`);
    return parsed;
  };
  const duration = number('duration', 60, 0.1);
  const protocol = values.protocol ?? '0.4';
  if (protocol !== '0.4' && protocol !== '0.5') throw new TypeError(`--protocol must be 0.4 or 0.5, got ${protocol}`);
  const validate = values.validate ?? 'sample';
  if (validate !== 'sample' && validate !== 'all') throw new TypeError(`--validate must be sample or all, got ${validate}`);
  return {
    help: values.help === true,
    duration,
    rate: number('rate', 20_000, 1),
    protocol,
    outage: number('outage', 0, 0),
    outageAt: number('outage-at', duration / 4, 0),
    maxRssGrowthMb: number('max-rss-growth-mb', 256, 0),
    core: values.core ?? new URL('../dist/index.js', import.meta.url).href,
    validate,
    json: values.json === true,
  };
}

// ---------------------------------------------------------------------------------------------
// The Agent side runs in its own process (scripts/load-test-agent.mjs), driven over IPC.

function startAgentProcess(validate) {
  const child = fork(new URL('./load-test-agent.mjs', import.meta.url), ['--validate', validate], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  let nextId = 1;
  const pending = new Map();
  child.on('message', (message) => {
    const resolve = pending.get(message.id);
    if (resolve) {
      pending.delete(message.id);
      resolve(message);
    }
  });
  const ready = new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the dev agent process exited (${code}) before it was ready`)));
    const onMessage = (message) => {
      if (message.ready) {
        child.off('message', onMessage);
        resolve(message.url);
      }
    };
    child.on('message', onMessage);
  });
  const call = (cmd) =>
    new Promise((resolve) => {
      const id = nextId++;
      pending.set(id, resolve);
      child.send({ id, cmd });
    });
  return {
    ready,
    stats: () => call('stats'),
    down: () => call('down'),
    up: () => call('up'),
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', resolve);
        child.send({ cmd: 'exit' });
      }),
  };
}

// ---------------------------------------------------------------------------------------------
// The app side: spans at a steady rate, measured.

/** One request-shaped trace of 4 spans: server root, DB query, outgoing HTTP call, render with an event. */
function createTrace(tracer, api, index) {
  const root = tracer.startSpan('web.request', {
    kind: api.SpanKind.SERVER,
    attributes: {
      'resource.name': 'GET /users/:id',
      'span.type': 'web',
      'http.method': 'GET',
      'http.route': '/users/:id',
      'http.url': `http://app.local/users/${index % 1000}`,
      'http.status_code': 200,
    },
  });
  const parent = api.trace.setSpan(api.ROOT_CONTEXT, root);
  const query = tracer.startSpan('postgres.query', {
    kind: api.SpanKind.CLIENT,
    attributes: { 'db.system': 'postgresql', 'db.statement': 'SELECT * FROM users WHERE id = $1', 'resource.name': 'SELECT users' },
  }, parent);
  const call = tracer.startSpan('http.request', {
    kind: api.SpanKind.CLIENT,
    attributes: { 'http.method': 'GET', 'http.url': 'http://profile.internal/v1/profile', 'http.status_code': 200 },
  }, api.trace.setSpan(parent, query));
  call.end();
  query.end();
  const render = tracer.startSpan('render', { attributes: { template: 'user.html' } }, parent);
  render.addEvent('cache.miss', { key: `user:${index % 1000}` });
  render.end();
  root.end();
}

const SPANS_PER_TRACE = 4;
const TICK_MS = 10;

const LOOP_SAMPLE_MS = 10;

/** monitorEventLoopDelay records whole sampling intervals: the delay is what exceeds the interval. */
function delayMs(nanoseconds) {
  return Math.round(Math.max(0, nanoseconds / 1e6 - LOOP_SAMPLE_MS) * 100) / 100;
}

async function runLoad(options) {
  const problems = [];
  process.on('unhandledRejection', (reason) => problems.push(`unhandled rejection: ${String(reason)}`));
  process.on('uncaughtExceptionMonitor', (error) => problems.push(`uncaught exception: ${String(error)}`));

  const api = await import('@opentelemetry/api');
  const diagnostics = { warn: 0, error: 0, samples: [] };
  const record = (level) => (...args) => {
    diagnostics[level]++;
    if (diagnostics.samples.length < 10) diagnostics.samples.push(`${level}: ${args.join(' ')}`);
  };
  api.diag.setLogger(
    { error: record('error'), warn: record('warn'), info: () => {}, debug: () => {}, verbose: () => {} },
    { logLevel: api.DiagLogLevel.WARN, suppressOverrideMessage: true },
  );
  const coreUrl = /^[a-z]+:/i.test(options.core) ? options.core : pathToFileURL(options.core).href;
  const { DatadogTracerProvider } = await import(coreUrl);

  const agentProcess = startAgentProcess(options.validate);
  const agentUrl = await agentProcess.ready;
  const provider = new DatadogTracerProvider({ url: agentUrl, service: 'load-test', env: 'load', protocolVersion: options.protocol });
  const tracer = provider.getTracer('load-test', '1.0.0');

  // Warm-up (JIT, pools, keep-alive socket): not measured, not counted.
  for (let i = 0; i < 250; i++) createTrace(tracer, api, i);
  await provider.forceFlush();
  const warmup = provider.getStats();

  const rssStart = process.memoryUsage().rss;
  let rssMax = rssStart;
  const rssTimer = setInterval(() => {
    rssMax = Math.max(rssMax, process.memoryUsage().rss);
  }, 100);
  const loopDelay = monitorEventLoopDelay({ resolution: LOOP_SAMPLE_MS });
  loopDelay.enable();

  let created = 0;
  let receivedBeforeComeback;
  const outageEvents = [];
  const startedAt = performance.now();
  const targetSpans = Math.round(options.rate * options.duration);
  let traceIndex = 0;
  await new Promise((resolve) => {
    // After a stall (GC, a busy machine) the backlog is worked off a few ticks' worth at a
    // time with I/O in between, as a server works off queued requests, rather than in one burst.
    const maxPerTick = Math.max(SPANS_PER_TRACE, Math.ceil((options.rate * TICK_MS * 4) / 1000));
    const tick = () => {
      const elapsed = (performance.now() - startedAt) / 1000;
      const due = Math.min(targetSpans, Math.floor(options.rate * elapsed), created + maxPerTick);
      while (created + SPANS_PER_TRACE <= due) {
        createTrace(tracer, api, traceIndex++);
        created += SPANS_PER_TRACE;
      }
      if (created + SPANS_PER_TRACE > targetSpans) resolve();
      else if (created + SPANS_PER_TRACE <= Math.floor(options.rate * ((performance.now() - startedAt) / 1000))) setImmediate(tick);
      else setTimeout(tick, TICK_MS);
    };
    if (options.outage > 0) {
      setTimeout(async () => {
        await agentProcess.down();
        outageEvents.push({ event: 'down', atSeconds: (performance.now() - startedAt) / 1000 });
        setTimeout(async () => {
          receivedBeforeComeback = (await agentProcess.stats()).received;
          await agentProcess.up();
          outageEvents.push({ event: 'up', atSeconds: (performance.now() - startedAt) / 1000 });
        }, options.outage * 1000);
      }, options.outageAt * 1000);
    }
    tick();
  });
  const elapsedSeconds = (performance.now() - startedAt) / 1000;
  loopDelay.disable();
  const rssEnd = process.memoryUsage().rss;
  rssMax = Math.max(rssMax, rssEnd);

  // The outage may outlast the load; delivery must resume once the Agent is back.
  while (options.outage > 0 && !outageEvents.some((event) => event.event === 'up')) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await provider.forceFlush();
  await provider.shutdown();
  clearInterval(rssTimer);
  const agentStats = await agentProcess.stats();
  await agentProcess.stop();

  const stats = provider.getStats();
  const sent = stats.spansSent - warmup.spansSent;
  const dropped = stats.spansDropped - warmup.spansDropped;
  const received = agentStats.received - warmup.spansSent;
  const report = {
    durationSeconds: Math.round(elapsedSeconds * 100) / 100,
    targetRate: options.rate,
    achievedSpansPerSecond: Math.round(created / elapsedSeconds),
    created,
    received,
    sent,
    dropped,
    droppedByReason: stats.droppedByReason,
    payloads: stats.payloadsSent,
    retries: stats.retries,
    protocol: options.protocol,
    rssStartMb: Math.round((rssStart / MB) * 10) / 10,
    rssEndMb: Math.round((rssEnd / MB) * 10) / 10,
    rssMaxMb: Math.round((rssMax / MB) * 10) / 10,
    eventLoopDelayMs: { p50: delayMs(loopDelay.percentile(50)), p99: delayMs(loopDelay.percentile(99)), max: delayMs(loopDelay.max) },
    outage: options.outage > 0 ? { seconds: options.outage, events: outageEvents, receivedAfterComeback: agentStats.received - (receivedBeforeComeback ?? 0) } : undefined,
    validation: {
      mode: options.validate,
      payloads: agentStats.validatedPayloads,
      spans: agentStats.validatedSpans,
      skippedPayloads: agentStats.skippedValidations,
      problems: agentStats.problems + agentStats.malformed,
      problemSamples: agentStats.problemSamples,
    },
    diagnostics,
    failures: problems,
  };

  if (options.outage > 0) {
    if (received !== sent) problems.push(`the Agent received ${received} spans, the exporter counted ${sent} as sent`);
    if (sent + dropped !== created) problems.push(`sent ${sent} + dropped ${dropped} ≠ created ${created}`);
    if (report.outage.receivedAfterComeback <= 0) problems.push('nothing was delivered after the Agent came back');
  } else if (received !== created) {
    problems.push(`received ${received} ≠ created ${created} (dropped ${dropped})`);
  }
  if (report.validation.problems > 0) problems.push(`${report.validation.problems} payload problems, e.g. ${agentStats.problemSamples[0]}`);
  if (agentStats.validatedPayloads === 0) problems.push('the dev agent validated no payload');
  // The peak counts, not just the end: a queue that grows without bound shows there first.
  const growthMb = (rssMax - rssStart) / MB;
  if (growthMb > options.maxRssGrowthMb) problems.push(`RSS peaked ${growthMb.toFixed(1)} MB above the start (bound ${options.maxRssGrowthMb} MB)`);

  if (!options.json) {
    const lines = [
      `load: ${report.created} spans in ${report.durationSeconds} s = ${report.achievedSpansPerSecond} spans/s (target ${options.rate}), protocol v${options.protocol}`,
      `delivered: received ${received} / created ${created} (sent ${sent}, dropped ${dropped}, payloads ${stats.payloadsSent}, retries ${stats.retries})`,
      `validated by the dev agent: ${agentStats.validatedSpans} spans in ${agentStats.validatedPayloads} payloads (${options.validate === 'all' ? 'every payload' : `${agentStats.skippedValidations} payloads arrived while it was busy`}), ${report.validation.problems} problems`,
      `RSS: start ${report.rssStartMb} MB, end ${report.rssEndMb} MB, max ${report.rssMaxMb} MB`,
      `event-loop delay: p50 ${report.eventLoopDelayMs.p50} ms, p99 ${report.eventLoopDelayMs.p99} ms, max ${report.eventLoopDelayMs.max} ms`,
    ];
    if (report.outage) lines.push(`outage: ${options.outage} s from ${options.outageAt} s; ${report.outage.receivedAfterComeback} spans received after the Agent came back`);
    lines.push(problems.length === 0 ? 'PASS' : `FAIL: ${problems.join('; ')}`);
    for (const line of lines) console.log(line);
  }
  console.log(JSON.stringify(report));
  process.exitCode = problems.length === 0 ? 0 : 1;
}

const options = parseOptions(process.argv.slice(2));
if (options.help) console.log(USAGE);
else await runLoad(options);
