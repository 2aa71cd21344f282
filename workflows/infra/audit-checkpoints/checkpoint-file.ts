// The checkpoint file: one JSON line per checkpoint, appended and synced to disk before the call
// returns, so a checkpoint announced is one kept. Read back line by line; a line that does not parse
// is reported by its number, never skipped silently.
import { mkdir, open, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { CheckpointSchema, type Checkpoint } from '../../domain/audit/checkpoint.js';
import type { CheckpointLine } from '../../domain/audit/check-checkpoints.js';

export async function appendCheckpointLine(file: string, checkpoint: Checkpoint): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const handle = await open(file, 'a', 0o644);
  try {
    await handle.appendFile(`${JSON.stringify(checkpoint)}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** The file's checkpoints; none when there is no file yet. */
export async function readCheckpointLines(file: string): Promise<CheckpointLine[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  const lines: CheckpointLine[] = [];
  text.split('\n').forEach((raw, i) => {
    if (raw.trim() === '') return;
    const parsed = CheckpointSchema.safeParse(parseJson(raw));
    lines.push(parsed.success ? { line: i + 1, checkpoint: parsed.data } : { line: i + 1, unreadable: true });
  });
  return lines;
}

function parseJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}
