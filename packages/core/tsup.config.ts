import { fileURLToPath } from 'node:url';
import { defineConfig } from 'tsup';
import type { Plugin } from 'esbuild';

/**
 * `register.ts` imports `./index.js`, which each format keeps as a separate file (`./index.js` or
 * `./index.cjs`): the register entry then shares the one module instance an app's own import
 * gets, with no shared chunk. Splitting stays off because tsup makes CJS chunks by rewriting them
 * with sucrase, which downlevels `?.`, `??` and class fields into helper calls: more code to
 * compile at start-up and slower on every span.
 */
const registerImportsIndex: Plugin = {
  name: 'register-imports-index',
  setup(build) {
    const indexFile = build.initialOptions.format === 'cjs' ? './index.cjs' : './index.js';
    build.onResolve({ filter: /^\.\/index\.js$/ }, (args) =>
      /[\\/]register\.ts$/.test(args.importer) ? { path: indexFile, external: true } : undefined,
    );
  },
};

const EXPORT_STACK_MODULES = /[\\/]src[\\/]export[\\/]agent-exporter\.ts$|[\\/]src[\\/]mapping[\\/]map-chunk\.ts$/;
const INSIDE_EXPORT_STACK = /[\\/]src[\\/](export|encode|mapping)[\\/]|[\\/]src[\\/]internal[\\/]export-stack\.ts$/;
/**
 * Modules both files of a format (index and export-stack) may carry a copy of: no state that
 * must be one per process (the copy of `span/ids.ts` keeps its own random pool, which changes
 * nothing; the suppress-tracing key and the link mark are `Symbol.for`s; exporter-stats only
 * holds only pure functions; internal/otel-api only reads the API's constants and singletons). Any
 * other module in both would exist twice at run time, so the build fails and names it.
 */
const SAFE_IN_BOTH = /^src\/(internal\/diag|internal\/otel-api|internal\/node-builtins|span\/ids|export\/suppress-tracing|export\/exporter-stats|internal\/link-without-flags)\.ts$/;

/**
 * The tracer provider and the pipeline get the export stack (Agent exporter, encoders, mapping:
 * half of core) through the stand-ins of `internal/deferred-export-stack.ts`, and it becomes a
 * file of its own that loads on the first export: parsing it is most of what loading core costs,
 * and an app would pay that before its first span otherwise. CommonJS requires
 * `./export-stack.cjs` then. ESM cannot load a module synchronously on every Node 20, so it
 * imports `./export-stack.js` (`internal/export-stack-loading-esm.ts`, swapped in for
 * `export-stack-loading.ts`) and the pipeline holds chunks until it arrives.
 */
const deferExportStack: Plugin = {
  name: 'defer-export-stack',
  setup(build) {
    const esm = build.initialOptions.format !== 'cjs';
    const stackFile = esm ? './export-stack.js' : './export-stack.cjs';
    const indexFile = esm ? '/index.js' : '/index.cjs';
    const namespace = 'deferred-export-stack';
    build.onResolve({ filter: /^\.\.\/(export\/agent-exporter|mapping\/map-chunk)\.js$/ }, async (args) => {
      if (INSIDE_EXPORT_STACK.test(args.importer) || args.pluginData === namespace) return undefined;
      const resolved = await build.resolve(args.path, { kind: args.kind, resolveDir: args.resolveDir, pluginData: namespace });
      return EXPORT_STACK_MODULES.test(resolved.path) ? { path: 'stand-ins', namespace } : undefined;
    });
    if (esm) {
      build.onResolve({ filter: /^\.\.\/internal\/export-stack-loading\.js$/ }, (args) => ({
        path: fileURLToPath(new URL('./src/internal/export-stack-loading-esm.ts', import.meta.url)),
        pluginData: args.pluginData,
      }));
      build.onResolve({ filter: /^\.\/export-stack\.js$/ }, (args) =>
        /[\\/]export-stack-loading-esm\.ts$/.test(args.importer) ? { path: stackFile, external: true } : undefined,
      );
    } else {
      build.onResolve({ filter: /^\.\/export-stack\.cjs$/ }, () => ({ path: stackFile, external: true }));
    }
    build.initialOptions.metafile = true;
    build.onEnd((result) => {
      const outputs = Object.entries(result.metafile?.outputs ?? {});
      const inputsOf = (file: string) => Object.keys(outputs.find(([path]) => path.endsWith(file))?.[1].inputs ?? {});
      const inIndex = new Set(inputsOf(indexFile));
      const twice = inputsOf(stackFile.slice(1)).filter((input) => inIndex.has(input) && !SAFE_IN_BOTH.test(input));
      if (twice.length > 0) {
        throw new Error(`these modules would be loaded twice (${indexFile.slice(1)} and ${stackFile.slice(2)}): ${twice.join(', ')}`);
      }
    });
    build.onLoad({ filter: /.*/, namespace }, () => ({
      resolveDir: fileURLToPath(new URL('./src/internal/', import.meta.url)),
      loader: 'js',
      contents: [
        "import { deferredExportStack } from './deferred-export-stack.ts';",
        esm
          ? "import { loadedExportStack } from './export-stack-loading-esm.ts';\nconst stack = deferredExportStack(loadedExportStack);"
          : "const stack = deferredExportStack(() => require('./export-stack.cjs'));",
        'export const AgentExporter = stack.AgentExporter;',
        'export const createChunkMapper = stack.createChunkMapper;',
      ].join('\n'),
    }));
  },
};

export default defineConfig({
  entry: { index: 'src/index.ts', register: 'src/register.ts', 'export-stack': 'src/internal/export-stack.ts' },
  format: ['esm', 'cjs'],
  dts: { entry: ['src/index.ts', 'src/register.ts'] },
  clean: true,
  sourcemap: true,
  target: 'node20',
  splitting: false,
  // Start-up cost is mostly V8 parsing the bundle: whitespace and syntax minification cut it by
  // about a tenth. Names stay (stack traces keep function names); the maps give back `src/**` lines.
  minifyWhitespace: true,
  minifySyntax: true,
  esbuildPlugins: [registerImportsIndex, deferExportStack],
  esbuildOptions(options) {
    // The maps still point stack traces (`--enable-source-maps`) at `src/**` lines; embedding
    // the sources as well would double the installed size of the package.
    options.sourcesContent = false;
  },
});
