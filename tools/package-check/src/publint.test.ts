import { readFileSync } from 'node:fs';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';
import { describe, expect, inject, it } from 'vitest';

/** publint on the exact tarballs `npm publish` would upload; warnings count as failures. */

const { tarballs } = inject('packed');

describe.each(Object.entries(tarballs))('publint %s', (name, tarball) => {
  it('reports no warning or error on the packed tarball', async () => {
    const data = readFileSync(tarball);
    const { messages, pkg } = await publint({
      pack: { tarball: data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ArrayBuffer },
      strict: true,
    });
    const described = messages.map((message) => `${message.type}: ${formatMessage(message, pkg, { color: false }) ?? message.code}`);
    const suggestions = described.filter((line) => line.startsWith('suggestion'));
    if (suggestions.length > 0) console.info(`publint suggestions for ${name}:\n${suggestions.join('\n')}`);
    expect(described.filter((line) => !line.startsWith('suggestion'))).toEqual([]);
  });
});
