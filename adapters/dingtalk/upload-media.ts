// Uploading a file the robot sends (a report's workbook): 上传媒体文件 on the old-style API,
// POST /media/upload?access_token=…&type=file with the file in the multipart part named "media"
// (open.dingtalk.com "上传媒体文件"; 普通文件 at most 20 MB). The answer's media_id goes into the robot
// message that follows (msgKey sampleFile).
import type { OutboundFile } from '../../bot/platform-port.js';
import { multipartFile } from '../shared/multipart-file.js';
import type { DingTalkApi } from './dingtalk-api.js';
import { DingTalkApiError } from './openapi-request.js';

/** 上传媒体文件: a file (type file) of at most 20 MB */
export const MEDIA_MAX_BYTES = 20 * 1024 * 1024;

/** The file's media_id. `oapiBase`: the old-style API's host (DINGTALK_OAPI_BASE). */
export async function uploadMedia(api: DingTalkApi, oapiBase: string, file: Pick<OutboundFile, 'name' | 'bytes'>): Promise<string> {
  const answer = await api.upload(`${oapiBase}/media/upload?type=file`, multipartFile('media', { name: file.name, bytes: file.bytes }));
  const mediaId = answer.media_id;
  if (typeof mediaId !== 'string' || !mediaId) throw new DingTalkApiError(200, 'BAD_UPLOAD_ANSWER', 'media/upload answered without a media_id', true);
  return mediaId;
}
