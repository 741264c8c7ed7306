import type { LocalTraceData } from '../span/span-data.js';
import { writeRootMetrics, writeTraceTags } from './span-tags.js';

/** Traces with more tags or root metrics than this are mapped without being remembered. */
const MAX_KEPT_ENTRIES = 32;

/**
 * The meta and metrics a local root span that heads its chunk gets from its trace alone:
 * `_dd.top_level`, the sampler's root metrics and the trace tags. A server's request traces
 * mostly carry the same ones (`_dd.p.dm`, `_dd.agent_psr`, and a `_dd.p.tid` that changes once a
 * second), so the objects built for the last such trace are handed out again while the trace's
 * entries are the same: two objects and their writes less per request. Handed-out objects are
 * never changed (the mapper adds nothing after them, the encoders only read them). Only for ids
 * this process drew (`idLow`): a continued trace brings its own `_dd.p.tid`. One per mapper.
 */
export class RootExtras {
  meta: Record<string, string> = {};
  metrics: Record<string, number> = {};
  /** The trace entries the objects were built from; valid while `kept` is true. */
  private kept = false;
  private highHex: string | undefined = undefined;
  private readonly tagKeys: string[] = [];
  private readonly tagValues: unknown[] = [];
  private readonly metricKeys: string[] = [];
  private readonly metricValues: unknown[] = [];
  private tagCount = 0;
  private metricCount = 0;

  /**
   * Sets `meta` and `metrics` for `trace`'s local root: the last ones when its entries are the
   * same, else new ones. False when a tag or metric is one of `reserved` (see span-tags.ts).
   */
  build(trace: LocalTraceData, reserved: ReadonlySet<string> | undefined): boolean {
    if (this.kept && trace.idLow !== undefined && this.matches(trace)) return true;
    this.kept = false;
    const metrics: Record<string, number> = { '_dd.top_level': 1 };
    const meta: Record<string, string> = {};
    if (!writeRootMetrics(metrics, trace.rootMetrics, reserved) || !writeTraceTags(meta, metrics, trace, reserved)) return false;
    // Frozen: handed out to span after span, so nothing may change them, and the v0.4 encoder
    // copies the bytes it wrote for them (encode/repeated-entries.ts).
    this.meta = Object.freeze(meta);
    this.metrics = Object.freeze(metrics);
    if (trace.idLow !== undefined) this.remember(trace);
    return true;
  }

  private matches(trace: LocalTraceData): boolean {
    if (trace.idHighHex !== this.highHex) return false;
    const keys = this.tagKeys;
    const values = this.tagValues;
    const tags = trace.tags;
    let i = 0;
    for (const key in tags) {
      if (i >= this.tagCount || keys[i] !== key || values[i] !== tags[key]) return false;
      i++;
    }
    if (i !== this.tagCount) return false;
    const metricKeys = this.metricKeys;
    const metricValues = this.metricValues;
    const rootMetrics = trace.rootMetrics;
    i = 0;
    for (const key in rootMetrics) {
      if (i >= this.metricCount || metricKeys[i] !== key || metricValues[i] !== rootMetrics[key]) return false;
      i++;
    }
    return i === this.metricCount;
  }

  private remember(trace: LocalTraceData): void {
    let tagCount = 0;
    for (const key in trace.tags) {
      if (tagCount === MAX_KEPT_ENTRIES) return;
      this.tagKeys[tagCount] = key;
      this.tagValues[tagCount++] = trace.tags[key];
    }
    let metricCount = 0;
    for (const key in trace.rootMetrics) {
      if (metricCount === MAX_KEPT_ENTRIES) return;
      this.metricKeys[metricCount] = key;
      this.metricValues[metricCount++] = trace.rootMetrics[key];
    }
    this.tagCount = tagCount;
    this.metricCount = metricCount;
    this.highHex = trace.idHighHex;
    this.kept = true;
  }
}
