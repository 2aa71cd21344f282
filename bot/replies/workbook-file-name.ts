// A report workbook's file name: its title, the scope (全部 or the department) and the period — the
// cut-off day or the month — with what a file system refuses replaced.

/** e.g. workbookFileName('合同执行情况表', '全部', '2026-12-01') → 合同执行情况表-全部-2026-12-01.xlsx */
export function workbookFileName(title: string, scope: string, period: string): string {
  return `${title}-${scope.replace(/[\\/:*?"<>|\s]+/g, '_')}-${period}.xlsx`;
}
