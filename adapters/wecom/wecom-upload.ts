// Uploading a file the app sends (a report's workbook) as 临时素材 (上传临时素材, document/path/90253):
// POST /cgi-bin/media/upload?access_token=…&type=file, multipart/form-data with the file in the part
// named "media", whose filename (and filelength) WeCom asks for; the name is what the recipient sees.
// The answer's media_id lasts 3 days, long enough for the message that follows.
import type { OutboundFile } from '../../bot/platform-port.js';
import { multipartFile } from '../shared/multipart-file.js';
import type { WecomApi } from './wecom-api.js';
import { WecomApiError } from './wecom-errors.js';

const PATH = '/cgi-bin/media/upload';
/** 上传的媒体文件限制: every file above 5 bytes; 普通文件(file) at most 20 MB */
export const MEDIA_MIN_BYTES = 6;
export const MEDIA_MAX_BYTES = 20 * 1024 * 1024;

/** The file's media_id, for a message of type file. */
export async function uploadMedia(api: WecomApi, file: Pick<OutboundFile, 'name' | 'bytes'>): Promise<string> {
  const form = multipartFile('media', { name: displayName(file.name), bytes: file.bytes, params: { filelength: String(file.bytes.byteLength) } });
  const answer = await api.upload(PATH, { type: 'file' }, form);
  const mediaId = answer.media_id;
  if (typeof mediaId !== 'string' || !mediaId) throw new WecomApiError(PATH, null, '应答中没有 media_id', 'transient');
  return mediaId;
}

/** WeCom's rule for the name (stated with 服务商上传临时素材, document/path/99310): no leading /, no \ or : */
function displayName(name: string): string {
  return name.replace(/^\/+/, '').replace(/[\\:]/g, '_');
}
