// Encoder benchmark: dd-otel's v0.4 and v0.5 encoders against msgpackr on the same realistic
// records (see records.mjs), fresh process per run.
import { fileURLToPath } from 'node:url';
import { markdownTable, num, ratio, spread } from '../lib/format.mjs';
import { runChild } from '../lib/processes.mjs';
import { summarize } from '../lib/stats.mjs';
import { bundleEncoders } from './bundle-encoder.mjs';

const WORKER = fileURLToPath(new URL('./encoder-worker.mjs', import.meta.url));

/** Options: `runs`, `iterations` (payloads per variant per run), `warmup`, `chunks` (per payload), `log`. */
export async function runEncoderBench({ runs, iterations, warmup, chunks, log = () => {} }) {
  const bundle = await bundleEncoders();
  const runResults = [];
  const problems = [];
  try {
    for (let run = 0; run < runs; run++) {
      try {
        const result = await runChild({
          script: WORKER,
          args: [bundle.file],
          env: { BENCH_ITERATIONS: String(iterations), BENCH_WARMUP: String(warmup), BENCH_CHUNKS: String(chunks) },
        });
        runResults.push(result);
        problems.push(...result.problems);
        const v04 = result.variants['dd-otel v0.4'];
        log(`  encoder run ${run + 1}/${runs}: v0.4 ${num(v04.nsPerSpan)} ns/span, ${num(v04.bytesPerSpan)} B/span`);
      } catch (error) {
        problems.push(`encoder run ${run + 1}: ${error.message}`);
      }
    }
  } finally {
    bundle.dispose();
  }
  if (runResults.length === 0) return { config: { runs, iterations, warmup, chunks }, results: [], summary: {}, problems, tables: [] };

  const names = Object.keys(runResults[0].variants);
  const summary = {};
  for (const name of names) {
    const pick = (key) => summarize(runResults.map((r) => r.variants[name][key]));
    summary[name] = {
      nsPerSpan: pick('nsPerSpan'),
      spansPerSecond: pick('spansPerSecond'),
      bytesPerSpan: pick('bytesPerSpan'),
      speedUpVsMsgpackr: pick('speedUpVsMsgpackr'),
    };
  }
  const table = markdownTable(
    ['encoder', 'spans/s median (min–max)', 'ns/span', 'bytes/span', 'speed vs msgpackr (prebuilt objects)'],
    names.map((name) => [
      name,
      spread(summary[name].spansPerSecond),
      spread(summary[name].nsPerSpan),
      num(summary[name].bytesPerSpan.median, 1),
      ratio(summary[name].speedUpVsMsgpackr),
    ]),
  );
  return {
    config: { runs, iterations, warmup, chunks, spansPerPayload: runResults[0].spansPerPayload },
    results: runResults,
    summary,
    problems,
    tables: [
      {
        title: `Encoder (${runResults[0].spansPerPayload} spans/payload: request span with 15 meta tags + custom span with an event; ${iterations} payloads per encoder per run, ${runs} run(s))`,
        markdown: table,
      },
    ],
  };
}
