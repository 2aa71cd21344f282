// What a file is, from its bytes (file-type reads the signatures, and looks inside ZIP containers for
// DOCX and XLSX). OFD, the national e-invoice format (GB/T 33190), is a ZIP whose root holds OFD.xml;
// file-type calls it a ZIP, so its central directory is read here for that entry.
import { fileTypeFromBuffer } from 'file-type';
import type { DetectedType } from '../../domain/attachments/allowed-file.js';

const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const CENTRAL_DIRECTORY_ENTRY = 0x02014b50;

export async function detectFileType(bytes: Uint8Array): Promise<DetectedType | null> {
  const found = await fileTypeFromBuffer(bytes);
  if (!found) return null;
  if (found.ext === 'zip' && zipEntryNames(bytes).some((name) => name.toUpperCase() === 'OFD.XML')) return { ext: 'ofd', mime: 'application/ofd' };
  return { ext: found.ext, mime: found.mime };
}

/** the entry names of a ZIP's central directory; [] when it cannot be read */
function zipEntryNames(bytes: Uint8Array): string[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // the end record is within the last 64 KiB + 22 bytes (its comment is at most 65535 bytes)
  for (let at = bytes.length - 22; at >= Math.max(0, bytes.length - 22 - 0xffff); at--) {
    if (view.getUint32(at, true) !== END_OF_CENTRAL_DIRECTORY) continue;
    const count = view.getUint16(at + 10, true);
    let offset = view.getUint32(at + 16, true);
    const names: string[] = [];
    for (let i = 0; i < count && offset + 46 <= bytes.length; i++) {
      if (view.getUint32(offset, true) !== CENTRAL_DIRECTORY_ENTRY) break;
      const nameLength = view.getUint16(offset + 28, true);
      const extraLength = view.getUint16(offset + 30, true);
      const commentLength = view.getUint16(offset + 32, true);
      names.push(new TextDecoder().decode(bytes.subarray(offset + 46, offset + 46 + nameLength)));
      offset += 46 + nameLength + extraLength + commentLength;
    }
    return names;
  }
  return [];
}
