// Prisma's own WebAssembly schema engine, driven through a driver adapter. It lets us diff schemas
// and apply migrations offline: the Prisma CLI would download a native engine, which these machines
// cannot reach. Node refuses the package's main entry (it imports the .wasm as a module), so we
// instantiate the wasm ourselves and hand it to the generated bindings.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { bindMigrationAwareSqlAdapterFactory, type SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import * as bindings from '@prisma/schema-engine-wasm/schema_engine_bg';

export type SchemaEngine = Awaited<ReturnType<typeof bindings.SchemaEngine.new>>;

let started: Promise<void> | undefined;

function startWasm(): Promise<void> {
  started ??= (async () => {
    const require = createRequire(import.meta.url);
    // the .wasm is not in the package's exports map; find it next to the bindings
    const wasmPath = join(dirname(require.resolve('@prisma/schema-engine-wasm/schema_engine_bg')), 'schema_engine_bg.wasm');
    const imports = bindings as unknown as WebAssembly.ModuleImports;
    const { instance } = await WebAssembly.instantiate(await readFile(wasmPath), { './schema_engine_bg.js': { ...imports, ...unrefTimers(imports) } });
    bindings.__wbg_set_wasm(instance.exports);
    (instance.exports as { __wbindgen_start: () => void }).__wbindgen_start();
  })();
  return started;
}

/**
 * The engine arms timers (10 s) that outlive it: freed, it never clears them, and each held a CLI
 * that had finished (\`npm run org:load\`) open for ten more seconds. Its timers are given unref'd:
 * while it works, its database connections keep the process alive.
 */
function unrefTimers(imports: WebAssembly.ModuleImports): WebAssembly.ModuleImports {
  const timers = Object.keys(imports).filter((name) => name.startsWith('__wbg_setTimeout_'));
  return Object.fromEntries(timers.map((name) => [name, (callback: () => void, ms: number) => setTimeout(callback, ms >>> 0).unref()]));
}

/** Opens a schema engine over the given adapter factory; `log` receives the engine's log lines. */
export async function openSchemaEngine(factory: SqlMigrationAwareDriverAdapterFactory, log: (line: string) => void = () => {}): Promise<SchemaEngine> {
  await startWasm();
  return bindings.SchemaEngine.new({ datamodels: undefined }, log, bindMigrationAwareSqlAdapterFactory(factory));
}
