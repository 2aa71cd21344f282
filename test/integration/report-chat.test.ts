// /报表 the whole way on WeCom and DingTalk, over real sockets against the local fakes: typed in the
// app chat, answered with the summary text, then the workbook uploaded and sent as a file message —
// the bytes that arrive open as the 预算执行情况表 whose SHA-256 the audit trail recorded; a staff
// member asking for the whole unit is refused in words.
import { createHash } from 'node:crypto';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTwoPlatforms, type TwoPlatforms } from '../helpers/two-platforms.js';
import { waitFor } from '../helpers/test-guanjia.js';
import { waitForText } from '../helpers/wecom-guanjia.js';

let p: TwoPlatforms;
const db = () => p.app.database.db;

async function sheetNames(bytes: Buffer): Promise<string[]> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(bytes as unknown as ArrayBuffer);
  return book.worksheets.map((s) => s.name);
}

async function auditedHash(personId: string, fileName: string): Promise<string> {
  const events = await db().auditEvent.findMany({ where: { action: 'report.generated', actorId: personId } });
  const event = events.find((e) => (e.data as { fileName: string }).fileName === fileName);
  return (event?.data as { sha256?: string } | undefined)?.sha256 ?? '';
}

beforeAll(async () => {
  p = await startTwoPlatforms();
});
afterAll(async () => {
  await p?.stop();
});

describe('/报表 on WeCom', () => {
  it('answers with the summary, then the workbook as a file message', async () => {
    const wugang = p.wecomUser('wugang');
    const texts = p.wecom.texts.length;
    expect(await p.wecomClient.say(wugang, '/报表 预算执行 全部')).toBe(200);
    await waitForText(p.wecom, wugang, /^预算执行情况表（全部，截至 \d{4}-\d{2}-\d{2}，/, texts);
    const file = await waitFor(() => p.wecom.files.find((f) => f.userId === wugang), 'the WeCom file message');
    expect(file.name).toMatch(/^预算执行情况表-全部-\d{4}-\d{2}-\d{2}\.xlsx$/);
    expect(await sheetNames(file.bytes)).toEqual(['预算执行情况表', '预算调整明细', '已批准申请明细']);
    expect(createHash('sha256').update(file.bytes).digest('hex')).toBe(await auditedHash('wugang', file.name));
  });

  it('refuses the unit to a staff member, in words, and sends no file', async () => {
    const fenglei = p.wecomUser('fenglei');
    const texts = p.wecom.texts.length;
    expect(await p.wecomClient.say(fenglei, '/报表 预算执行 全部')).toBe(200);
    await waitForText(p.wecom, fenglei, /报表只能看本部门的，不能看全单位/, texts);
    expect(p.wecom.files.some((f) => f.userId === fenglei)).toBe(false);
  });
});

describe('/报表 on DingTalk', () => {
  it('answers with the summary, then the workbook as a sampleFile message', async () => {
    const wugang = p.dingtalkUser('wugang');
    const before = p.dingtalk.api.textsTo(wugang).length;
    p.dingtalk.say(wugang, '/报表 绩效 2026-11');
    await p.dingtalk.waitForText(wugang, /^2026年11月审批绩效（全部）/, before);
    const file = await waitFor(() => p.dingtalk.api.files.find((f) => f.userId === wugang), 'the DingTalk file message');
    expect(file.fileName).toBe('审批绩效月报-全部-2026-11.xlsx');
    expect(file.fileType).toBe('xlsx');
    expect((await sheetNames(file.bytes)).length).toBeGreaterThan(1);
    expect(createHash('sha256').update(file.bytes).digest('hex')).toBe(await auditedHash('wugang', file.fileName));
  });
});
