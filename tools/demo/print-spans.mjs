/** Prints decoded Datadog spans as an indented tree with their main fields, tags and events. */
export function printSpanTable(spans) {
  const byParent = new Map();
  const ids = new Set(spans.map((span) => span.spanId));
  for (const span of spans) {
    const parent = ids.has(span.parentId) ? span.parentId : 'root';
    if (!byParent.has(parent)) byParent.set(parent, []);
    byParent.get(parent).push(span);
  }
  const print = (span, depth) => {
    const pad = '  '.repeat(depth);
    const ms = (span.duration / 1e6).toFixed(2);
    console.log(`${pad}${span.error ? '✖' : '•'} ${span.name}  resource="${span.resource}"  service=${span.service}` +
      `${span.type ? `  type=${span.type}` : ''}  ${ms} ms  trace=${span.traceId128 ?? span.traceId}`);
    const meta = Object.entries(span.meta).filter(([key]) => !key.startsWith('_dd.') && key !== 'runtime-id' && key !== 'language');
    for (const [key, value] of meta) console.log(`${pad}    ${key}: ${truncate(value)}`);
    for (const [key, value] of Object.entries(span.metrics).filter(([key]) => !key.startsWith('_'))) console.log(`${pad}    ${key}: ${value}`);
    for (const event of span.spanEvents ?? []) console.log(`${pad}    event ${event.name} ${JSON.stringify(event.attributes ?? {})}`);
    for (const child of byParent.get(span.spanId) ?? []) print(child, depth + 1);
  };
  for (const span of byParent.get('root') ?? []) print(span, 0);
}

function truncate(value) {
  const text = String(value).replace(/\n/g, '⏎');
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}
