import type { DiagLogger } from '@opentelemetry/api';
import { logger as coreLogger } from '../internal/diag.js';
import type { EnvironmentSnapshot, EnvironmentVariableName } from './env.js';
import { parseBoolean, parseNumber, quoteForMessage, RATE_RULE } from './parse.js';
import type { NumberRule, Parsed } from './parse.js';

/**
 * Typed access to an environment snapshot. An unusable value counts as unset (so the next source
 * or the default applies) and produces exactly one `diag.warn` naming the variable.
 */
export class EnvReader {
  private readonly warned = new Set<string>();

  constructor(
    private readonly env: EnvironmentSnapshot,
    private readonly log: DiagLogger = coreLogger,
  ) {}

  /** The value exactly as set, `''` included. */
  raw(name: EnvironmentVariableName): string | undefined {
    return this.env[name];
  }

  /** The trimmed value; blank counts as unset. */
  string(name: EnvironmentVariableName): string | undefined {
    const value = this.env[name]?.trim();
    return value === '' ? undefined : value;
  }

  /** The first of `names` that is set and not blank, with the name it came from. */
  firstString(...names: EnvironmentVariableName[]): { name: EnvironmentVariableName; value: string } | undefined {
    for (const name of names) {
      const value = this.string(name);
      if (value !== undefined) return { name, value };
    }
    return undefined;
  }

  boolean(name: EnvironmentVariableName): boolean | undefined {
    return this.parse(name, parseBoolean);
  }

  number(name: EnvironmentVariableName, rule: NumberRule = {}): number | undefined {
    return this.parse(name, (raw) => parseNumber(raw, rule));
  }

  rate(name: EnvironmentVariableName): number | undefined {
    return this.number(name, RATE_RULE);
  }

  /** Runs `parser` on the trimmed value; a rejection is warned about and yields `undefined`. */
  parse<T>(name: EnvironmentVariableName, parser: (value: string) => Parsed<T>): T | undefined {
    const value = this.string(name);
    if (value === undefined) return undefined;
    const result = parser(value);
    if (result.ok) return result.value;
    this.warnInvalid(name, value, result.reason);
    return undefined;
  }

  /**
   * Logs that `subject` (a variable name, or a part of one such as `DD_TRACE_SAMPLING_RULES[2]`)
   * was ignored. Repeated calls for the same subject log once.
   */
  warnInvalid(
    subject: string,
    value: unknown,
    reason: string,
    consequence = 'it is ignored (the next source or the default applies)',
  ): void {
    if (this.warned.has(subject)) return;
    this.warned.add(subject);
    this.log.warn(`Invalid ${subject}=${quoteForMessage(value)} (${reason}); ${consequence}.`);
  }

  /** Non-error notes (e.g. a value adjusted on purpose) go to `info`, once per subject. */
  note(subject: string, message: string): void {
    const key = `note:${subject}`;
    if (this.warned.has(key)) return;
    this.warned.add(key);
    this.log.info(`${subject}: ${message}`);
  }
}
