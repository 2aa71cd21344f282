// Parsing WeCom's XML with fast-xml-parser (a well-kept, dependency-light parser) in strict mode:
// malformed XML is refused, every value stays a string (MsgId is a 64-bit number, beyond JS's safe
// integers), and documents with a DOCTYPE are refused outright — WeCom never sends one.
import { XMLParser } from 'fast-xml-parser';
import { z } from 'zod';

const parser = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  processEntities: false,
  htmlEntities: false,
  trimValues: true,
});

export class WecomXmlError extends Error {
  constructor(reason: string) {
    super(`wecom xml: ${reason}`);
    this.name = 'WecomXmlError';
  }
}

const text = z.string();
/** leaf elements of a flat <xml> document: strings (an empty element parses as '') */
const FlatSchema = z.object({ xml: z.record(z.string(), z.unknown()) });

/** Parses a flat <xml>…</xml> document into its string leaves. */
export function parseFlatXml(xml: string): Record<string, string> {
  if (xml.length === 0 || xml.length > 200_000) throw new WecomXmlError('empty or too large');
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) throw new WecomXmlError('doctype');
  let doc: unknown;
  try {
    doc = parser.parse(xml, true);
  } catch {
    throw new WecomXmlError('malformed');
  }
  const parsed = FlatSchema.safeParse(doc);
  if (!parsed.success) throw new WecomXmlError('no <xml> root');
  const leaves: Record<string, string> = {};
  for (const [name, value] of Object.entries(parsed.data.xml)) {
    const leaf = text.safeParse(value === '' || value === undefined ? '' : value);
    if (leaf.success) leaves[name] = leaf.data; // nested elements (SelectedItems …) are not ours
  }
  return leaves;
}

/** The POSTed envelope (接收消息与事件 · 概述, document/path/90238): ToUserName, AgentID, Encrypt. */
export const EnvelopeSchema = z.object({
  ToUserName: z.string().optional(),
  AgentID: z.string().optional(),
  Encrypt: z.string().min(1),
});
