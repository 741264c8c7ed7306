// Command-line options of run.mjs.
import { HTTP_FRAMEWORK_NAMES } from '../http/frameworks.cjs';

export const BENCHMARKS = ['span', 'encoder', 'http', 'startup'];

export const USAGE = `Usage: node tools/bench/run.mjs [options]   (or: npm run bench -- [options])

  --only LIST          benchmarks to run, comma-separated: ${BENCHMARKS.join(',')} (default: all)
  --runs N             fresh-process runs (HTTP: rounds) per benchmark
                       (default: span 5, encoder 5, http 3, startup 10; smoke: 1)
  --smoke              tiny iteration counts, 1 run; checks that every benchmark produced rows
                       and that dd-otel lost no span; asserts no timing
  --spans N            span: measured child spans per run (default 200000)
  --warmup N           span: warm-up child spans per run (default 20000)
  --providers LIST     span: provider ids (noop,dd-otel,dd-otel-v05,otel-noop,otel-otlp,dd-trace)
  --duration S         http: measured seconds per variant (default 10)
  --http-warmup S      http: warm-up seconds per variant (default 5)
  --connections N      http: autocannon connections (default 50)
  --frameworks LIST    http: ${HTTP_FRAMEWORK_NAMES.join(',')} (default all)
  --out FILE           JSON results file (default tools/bench/results/<timestamp>.json)
  --help               this text`;

function positiveInt(name, value) {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new TypeError(`${name} must be a positive integer, got ${JSON.stringify(value)}`);
  return n;
}

function list(name, value, allowed) {
  const items = String(value).split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = allowed ? items.filter((i) => !allowed.includes(i)) : [];
  if (items.length === 0 || unknown.length > 0) {
    throw new TypeError(`${name} takes a comma-separated list${allowed ? ` of ${allowed.join(', ')}` : ''}, got ${JSON.stringify(value)}`);
  }
  return items;
}

/** Parses argv (without node and script); throws a TypeError naming the bad option. */
export function parseArgs(argv) {
  const options = { only: BENCHMARKS, smoke: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = () => {
      if (inline !== undefined) return inline;
      if (i + 1 >= argv.length) throw new TypeError(`${flag} needs a value`);
      return argv[++i];
    };
    switch (flag) {
      case '--help':
      case '-h':
        options.help = true;
        break;
      case '--smoke':
        options.smoke = true;
        break;
      case '--only':
        options.only = list('--only', value(), BENCHMARKS);
        break;
      case '--runs':
        options.runs = positiveInt('--runs', value());
        break;
      case '--spans':
        options.spans = positiveInt('--spans', value());
        break;
      case '--warmup':
        options.warmup = positiveInt('--warmup', value());
        break;
      case '--providers':
        options.providers = list('--providers', value(), ['noop', 'dd-otel', 'dd-otel-v05', 'otel-noop', 'otel-otlp', 'dd-trace']);
        break;
      case '--duration':
        options.duration = positiveInt('--duration', value());
        break;
      case '--http-warmup':
        options.httpWarmup = Number(value());
        if (!(options.httpWarmup >= 0)) throw new TypeError('--http-warmup must be a number >= 0');
        break;
      case '--connections':
        options.connections = positiveInt('--connections', value());
        break;
      case '--frameworks':
        options.frameworks = list('--frameworks', value(), HTTP_FRAMEWORK_NAMES);
        break;
      case '--out':
        options.out = value();
        break;
      default:
        throw new TypeError(`unknown option ${JSON.stringify(arg)} (--help lists them)`);
    }
  }
  return options;
}
