import { logger } from '../internal/diag.js';

/** The Agent's fallback entry in `rate_by_service`. */
export const DEFAULT_AGENT_RATE_KEY = 'service:,env:';

/** The rate that applies to a trace, and whether the Agent supplied it. */
export interface AgentRate {
  readonly rate: number;
  /** False while the Agent has not given a rate for this key nor a default one. */
  readonly fromAgent: boolean;
}

const BUILT_IN_DEFAULT: AgentRate = Object.freeze({ rate: 1, fromAgent: false });

/**
 * `rate_by_service` from the Agent's response (spec §7.6): keyed `service:<svc>,env:<env>`, the
 * whole table replaced at each response. Entries that are not rates in [0, 1] are ignored.
 */
export class AgentRateTable {
  /** Each rate as the `AgentRate` handed out: built once per response, not once per local root. */
  private rates = new Map<string, AgentRate>();
  private lastService: string | undefined = undefined;
  private lastEnv: string | undefined = undefined;
  private lastKey = '';

  update(rateByService: unknown): void {
    if (rateByService === null || typeof rateByService !== 'object' || Array.isArray(rateByService)) {
      logger.debug('ignoring agent rates that are not an object');
      return;
    }
    const next = new Map<string, AgentRate>();
    for (const [key, rate] of Object.entries(rateByService as Record<string, unknown>)) {
      if (typeof rate === 'number' && rate >= 0 && rate <= 1) next.set(key, Object.freeze({ rate, fromAgent: true }));
      else logger.debug(`ignoring agent rate ${key}=${String(rate)}`);
    }
    this.rates = next;
  }

  rateFor(service: string, env: string | undefined): AgentRate {
    // Built once per service/env pair in a row rather than per local root.
    if (service !== this.lastService || env !== this.lastEnv) {
      this.lastService = service;
      this.lastEnv = env;
      this.lastKey = `service:${service},env:${env ?? ''}`;
    }
    return this.rates.get(this.lastKey) ?? this.rates.get(DEFAULT_AGENT_RATE_KEY) ?? BUILT_IN_DEFAULT;
  }
}
