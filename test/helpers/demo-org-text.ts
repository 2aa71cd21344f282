// The demo organisation as tests start it. By default without its requiredAttachments: tests of
// money, routes and platforms need not attach a 发票 before every submit. Tests of attachments ask
// for the real thing (`requiredAttachments: true`).
import { readFile } from 'node:fs/promises';
import { parse, stringify } from 'yaml';
import { DEMO_ORG_FILE } from '../../bot/app.js';

export interface DemoOrgDocument {
  people: { id: string; name?: string; department?: string; title?: string; accounts?: Record<string, string> }[];
  policy: { requestTypes: { name: string; requiredAttachments?: string[] }[]; [key: string]: unknown };
  [key: string]: unknown;
}

export async function demoOrgDocument(options: { requiredAttachments?: boolean } = {}): Promise<DemoOrgDocument> {
  const doc = parse(await readFile(DEMO_ORG_FILE, 'utf8')) as DemoOrgDocument;
  if (!options.requiredAttachments) for (const type of doc.policy.requestTypes) delete type.requiredAttachments;
  return doc;
}

export async function demoOrgText(options: { requiredAttachments?: boolean } = {}): Promise<string> {
  return options.requiredAttachments ? readFile(DEMO_ORG_FILE, 'utf8') : stringify(await demoOrgDocument(options));
}
