// The architecture's boundaries (DESIGN.md «Architecture»), enforced by `npm run lint` through
// no-restricted-imports; madge (.madgerc) adds that nothing imports itself in a circle.
//   workflows/domain  pure rules: no database, queue, network, file system or SDK, nor infra/service
//   workflows/**      nothing from bot/ or adapters/, no queue, Redis, HTTP server or platform SDK
//   bot/**            no Prisma, no workflows/infra (the service API in workflows/service/ instead),
//                     no adapters/ (adapters depend on bot, never the reverse)
//   adapters/<x>/**   the same, and no other adapter's folder (adapters/shared/ is for all of them)
// The composition roots may reach further: bot/main.ts (the process, it hands adapters/index.ts's
// platforms in), bot/app.ts and the CLI scripts bot/audit-verify.ts, bot/audit-checkpoint.ts,
// bot/org-load.ts, bot/budget-import.ts and bot/migrate.ts (they open the database, through
// bot/cli-database.ts); prisma/*.ts and test/ are not restricted.
// In a flat config the last block matching a file decides a rule, so each block lists all of its
// files' restrictions.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const NO_PRISMA = [
  { group: ['@prisma/*'], message: 'Prisma stays in workflows/infra: use the service API (workflows/service/).' },
  { regex: '(^|/)prisma/generated(/|$)', message: 'Prisma stays in workflows/infra: use the service API (workflows/service/).' },
];
const NO_INFRA = [{ regex: '(^|/)workflows/infra(/|$)', message: 'bot/ and adapters/ reach the core through the service API (workflows/service/), never workflows/infra.' }];
const NO_ADAPTERS = [
  {
    regex: '(^|/)adapters(/|$)',
    message:
      'bot/ knows no platform: adapters depend on bot, never the reverse. Platforms come in through startGuanjia’s options (adapters/index.ts lists them; bot/main.ts hands them in).',
  },
];
const NO_BOT_OR_ADAPTERS = [{ regex: '(^|/)(bot|adapters)(/|$)', message: 'workflows/ is the core: it declares ports and never imports bot/ or adapters/.' }];
const NO_SERVER_OR_SDK = [
  {
    group: ['bullmq', 'ioredis', 'express', 'ws', 'dingtalk-stream', '@slack/*'],
    message: 'workflows/ imports no queue, Redis, HTTP server or platform SDK: declare a port and let bot/ or an adapter implement it.',
  },
];
const NO_IO = [
  {
    group: [
      '@prisma/*',
      'prisma',
      'pg',
      'pglite-prisma-adapter',
      '@electric-sql/*',
      'node:fs',
      'node:fs/*',
      'fs',
      'fs/*',
      'node:net',
      'net',
      'node:http',
      'http',
      'node:https',
      'https',
      'node:http2',
      'http2',
      'node:child_process',
      'child_process',
    ],
    message: 'workflows/domain holds pure rules: no database, file system, network or processes. Do the IO in workflows/infra and pass the data in.',
  },
  { regex: '(^|/)(infra|service)(/|$)', message: 'workflows/domain holds pure rules: infra and the services build on it, not the other way round.' },
  { regex: '(^|/)prisma/generated(/|$)', message: 'workflows/domain holds pure rules: no Prisma types either; declare plain ones in types.ts.' },
];

const restrict = (...patterns) => ({ 'no-restricted-imports': ['error', { patterns: patterns.flat() }] });

/** adapters/<x>/ for every folder: a new platform's folder is covered by being there. */
const adapterFolders = readdirSync(join(import.meta.dirname, 'adapters'), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name);

const noOtherAdapter = (name) => {
  const others = adapterFolders.filter((other) => other !== name && other !== 'shared');
  if (others.length === 0) return [];
  return [
    {
      regex: `(^|/)(\\.\\.|adapters)/(${others.join('|')})(/|$)`,
      message: `adapters/${name}/ imports no other platform's folder: share through bot/ (ports, card model) or adapters/shared/.`,
    },
  ];
};

export const boundaries = [
  { files: ['workflows/**/*.ts'], rules: restrict(NO_BOT_OR_ADAPTERS, NO_SERVER_OR_SDK) },
  { files: ['workflows/domain/**/*.ts'], rules: restrict(NO_BOT_OR_ADAPTERS, NO_SERVER_OR_SDK, NO_IO) },
  { files: ['bot/**/*.ts'], rules: restrict(NO_PRISMA, NO_INFRA, NO_ADAPTERS) },
  { files: ['adapters/*.ts'], rules: restrict(NO_PRISMA, NO_INFRA) },
  ...adapterFolders.map((name) => ({ files: [`adapters/${name}/**/*.ts`], rules: restrict(NO_PRISMA, NO_INFRA, noOtherAdapter(name)) })),
  // composition roots and CLI scripts: they open the database and wire the service together
  {
    files: ['bot/app.ts', 'bot/audit-verify.ts', 'bot/audit-checkpoint.ts', 'bot/org-load.ts', 'bot/budget-import.ts', 'bot/migrate.ts', 'bot/cli-database.ts'],
    rules: restrict(NO_PRISMA, NO_ADAPTERS),
  },
  // the process entry: it also hands the platforms in
  { files: ['bot/main.ts'], rules: restrict(NO_PRISMA) },
];
