// `prisma generate`, offline. Generation uses only WebAssembly, but the CLI insists on a schema
// engine binary being present; any existing file satisfies it (see DESIGN.md, dependency notes).
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const cli = require.resolve('prisma/build/index.js');
const schema = fileURLToPath(new URL('./schema.prisma', import.meta.url));

try {
  execFileSync(process.execPath, [cli, 'generate', '--schema', schema], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? process.execPath,
      PRISMA_HIDE_UPDATE_MESSAGE: '1',
      CHECKPOINT_DISABLE: '1',
    },
  });
} catch (error) {
  const { stdout, stderr } = error as { stdout?: Buffer; stderr?: Buffer };
  console.error(`prisma generate 失败：\n${stdout?.toString() ?? ''}${stderr?.toString() ?? ''}`);
  process.exit(1);
}
