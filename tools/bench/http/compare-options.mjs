// Command-line options shared by the build-comparison tools (ab.mjs, callgrind.mjs): flags in the
// style of lib/args.mjs, and `--subject` naming one build of the HTTP bench server to measure.
import { existsSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { repoRoot } from '../lib/paths.mjs';
import { HTTP_FRAMEWORK_NAMES } from './frameworks.cjs';

export const FRAMEWORKS = HTTP_FRAMEWORK_NAMES;
export const VARIANTS = ['bare', 'context-floor', 'dd-otel', 'dd-trace', 'otel'];
const SERVER_IN_TREE = join('tools', 'bench', 'http', 'server.cjs');

/**
 * `label[:variant]=root[,NAME=VALUE...]`. The root is a checkout (or copy) of the repo with its
 * packages built; a relative root is taken from the repo root, so `.` is this tree whatever the
 * working directory. The variant defaults to `bare` for the label `bare`, else `dd-otel`. The
 * NAME=VALUE pairs are added to that server's environment (values cannot contain commas).
 */
export function parseSubject(text) {
  const bad = (why) => new TypeError(`--subject ${JSON.stringify(text)}: ${why} (expected label[:variant]=root[,NAME=VALUE...])`);
  const eq = text.indexOf('=');
  if (eq <= 0) throw bad('no label');
  const [label, variant = label === 'bare' ? 'bare' : 'dd-otel', extra] = text.slice(0, eq).split(':');
  if (!label || extra !== undefined) throw bad('bad label');
  if (!VARIANTS.includes(variant)) throw bad(`variant must be one of ${VARIANTS.join(', ')}`);
  const [rootText, ...pairs] = text.slice(eq + 1).split(',');
  if (!rootText) throw bad('no root');
  const root = resolve(repoRoot, rootText);
  const server = join(root, SERVER_IN_TREE);
  if (!existsSync(server)) throw bad(`${server} does not exist`);
  const env = {};
  for (const pair of pairs) {
    const i = pair.indexOf('=');
    if (i <= 0) throw bad(`${JSON.stringify(pair)} is not NAME=VALUE`);
    env[pair.slice(0, i)] = pair.slice(i + 1);
  }
  return { label, variant, root, server, env };
}

/** The options both tools take, in `parseFlags`'s spec format. */
export const SUBJECT_OPTIONS = {
  '--framework': ['framework', 'framework'],
  '--subject': ['subjects', 'subject'],
  '--baseline': ['baseline', 'string'],
};

const KINDS = {
  int(flag, value) {
    const n = Number(value);
    if (!Number.isInteger(n) || n <= 0) throw new TypeError(`${flag} must be a positive integer, got ${JSON.stringify(value)}`);
    return n;
  },
  seconds(flag, value) {
    const n = Number(value);
    if (value === '' || !(n >= 0)) throw new TypeError(`${flag} must be a number of seconds >= 0, got ${JSON.stringify(value)}`);
    return n;
  },
  duration(flag, value) {
    const n = Number(value);
    if (value === '' || !(n > 0)) throw new TypeError(`${flag} must be a number of seconds > 0, got ${JSON.stringify(value)}`);
    return n;
  },
  framework(flag, value) {
    if (!FRAMEWORKS.includes(value)) throw new TypeError(`${flag} must be one of ${FRAMEWORKS.join(', ')}, got ${JSON.stringify(value)}`);
    return value;
  },
  string: (flag, value) => value,
};

/**
 * Parses argv (without node and script) by `spec` (`{'--rounds': ['rounds', 'int'], ...}`; kinds
 * int, seconds (>= 0), duration (> 0), framework, string, flag, subject — `--subject` may repeat) over `defaults`.
 * Throws a TypeError naming the bad option. Subjects default to `defaultSubjects`; labels must be unique.
 */
export function parseFlags(argv, spec, defaults, defaultSubjects) {
  const options = { ...defaults, subjects: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const eq = arg.indexOf('=');
    const [flag, inline] = arg.startsWith('--') && eq > 0 ? [arg.slice(0, eq), arg.slice(eq + 1)] : [arg, undefined];
    if (flag === '--help' || flag === '-h') {
      options.help = true;
      continue;
    }
    if (!spec[flag]) throw new TypeError(`unknown option ${JSON.stringify(arg)} (--help lists them)`);
    const [key, kind] = spec[flag];
    if (kind === 'flag') {
      options[key] = true;
      continue;
    }
    if (inline === undefined && i + 1 >= argv.length) throw new TypeError(`${flag} needs a value`);
    const value = inline ?? argv[++i];
    if (kind === 'subject') options.subjects.push(parseSubject(value));
    else options[key] = KINDS[kind](flag, value);
  }
  if (options.subjects.length === 0) options.subjects = defaultSubjects.map(parseSubject);
  const labels = options.subjects.map((s) => s.label);
  const repeated = labels.find((l, i) => labels.indexOf(l) !== i);
  if (repeated) throw new TypeError(`--subject label ${JSON.stringify(repeated)} is used twice`);
  return options;
}

/** The subjects' differences to this label are what the tools report: `--baseline`, else bare, else the first subject. */
export function baselineLabel(options) {
  if (options.baseline !== undefined) {
    if (!options.subjects.some((s) => s.label === options.baseline)) throw new TypeError(`--baseline ${JSON.stringify(options.baseline)} names no --subject`);
    return options.baseline;
  }
  return options.subjects.some((s) => s.label === 'bare') ? 'bare' : options.subjects[0].label;
}

/** A subject's root for a table: inside the repo relative to its root (`.` = this tree), elsewhere absolute. */
export function shownRoot(root) {
  const inRepo = relative(repoRoot, root);
  return inRepo.startsWith('..') || isAbsolute(inRepo) ? root : inRepo || '.';
}

/** A subject's extra environment for a table. */
export function shownEnv(env) {
  return Object.entries(env).map(([k, v]) => `${k}=${v}`).join(' ') || '–';
}
