// `npm run build` (and before every `npm start`): the bot as plain JavaScript in `.build/bot/`, so the
// process that serves runs on node alone. Loading TypeScript through tsx at run time costs a loader
// thread and its compile caches, about 50 MB of the bot's memory; tests and the CLI scripts still
// run the sources through tsx.
//
// esbuild bundles our own modules (workflows/, bot/, adapters/, the generated Prisma client) and
// leaves every package in node_modules to be imported as usual; modules loaded on first use (ExcelJS,
// Slack, the S3 store) stay separate chunks, loaded on first use. Each module keeps its own
// `import.meta.url` (the console's pages, the migrations and the demo organisation are found next to
// their source files), and JSON from packages (the statutory calendar) is bundled, since node wants
// an import attribute esbuild does not keep for an external import.
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build, type Plugin } from 'esbuild';

/** where `npm start` finds the bot (`.build/bot/main.js`); tests build their own copies beside it */
export const BUILD_DIR = fileURLToPath(new URL('../.build/bot/', import.meta.url));
const ENTRY = fileURLToPath(new URL('./main.ts', import.meta.url));

const ownLocations: Plugin = {
  name: 'own-locations',
  setup(plugin) {
    plugin.onResolve({ filter: /\.json$/ }, (args) => ({ path: createRequire(`${args.resolveDir}/`).resolve(args.path) }));
    plugin.onLoad({ filter: /\.ts$/ }, async (args) => {
      if (args.path.includes('/node_modules/')) return undefined;
      const source = await readFile(args.path, 'utf8');
      return { contents: source.replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href)), loader: 'ts' };
    });
  },
};

// The generated Prisma client loads its query compiler (WebAssembly) from a module that holds it as
// base64 text: two 4 MB strings the process keeps for its whole life, only to decode them once. The
// built bot reads the compiler as bytes from a file written beside main.js instead.
const WASM_IMPORT = /const \{ wasm \} = await import\("(@prisma\/client\/runtime\/[\w.-]+\.wasm-base64\.mjs)"\)\s*return await decodeBase64AsWasm\(wasm\)/;
const WASM_FILE = 'query-compiler.wasm';

function compilerFromFile(outdir: string): Plugin {
  return {
    name: 'compiler-from-file',
    setup(plugin) {
      plugin.onLoad({ filter: /prisma[\\/]generated[\\/]internal[\\/]class\.ts$/ }, async (args) => {
        const source = (await readFile(args.path, 'utf8')).replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href));
        const found = WASM_IMPORT.exec(source);
        if (!found) return { contents: source, loader: 'ts', warnings: [{ text: 'the Prisma client no longer loads its compiler as base64; left as it is' }] };
        const { wasm } = (await import(found[1]!)) as { wasm: string };
        await mkdir(outdir, { recursive: true });
        await writeFile(join(outdir, WASM_FILE), Buffer.from(wasm, 'base64'));
        const url = pathToFileURL(join(outdir, WASM_FILE)).href;
        const load = `return new WebAssembly.Module(await (await import('node:fs/promises')).readFile(new URL(${JSON.stringify(url)})))`;
        return { contents: source.replace(WASM_IMPORT, load), loader: 'ts' };
      });
    },
  };
}

/** Writes `main.js` and its chunks to `outdir` (a folder inside the project, where node finds the packages); gives how long it took. */
export async function buildBot(outdir = BUILD_DIR): Promise<number> {
  const started = Date.now();
  await rm(outdir, { recursive: true, force: true });
  await build({
    entryPoints: [ENTRY],
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    sourcemap: 'linked',
    plugins: [compilerFromFile(outdir), ownLocations],
    logLevel: 'warning',
  });
  return Date.now() - started;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    const ms = await buildBot();
    console.log(`已构建 .build/bot/main.js（${ms} ms）`);
  } catch (error) {
    console.error(`构建失败：${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
