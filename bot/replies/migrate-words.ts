// What the command-line tools print about the database itself: `npm run migrate`, and any tool that
// cannot open the database.

export function migrateDone(applied: readonly string[]): string {
  if (applied.length === 0) return '数据库结构已是最新，无需迁移';
  return `已应用 ${applied.length} 个迁移：\n${applied.map((name) => `  - ${name}`).join('\n')}`;
}

export function migrateFailed(message: string): string {
  return `迁移失败：${message}\n请确认数据库可以连接，然后重新运行 npm run migrate（已应用的迁移不会重复执行）。`;
}

/** `server`: DATABASE_URL names a PostgreSQL server; otherwise the embedded database in DATA_DIR. */
export function databaseUnreachable(message: string, server: boolean): string {
  return server
    ? `无法连接数据库：${message}\n请确认 DATABASE_URL 指向的 PostgreSQL 正在运行并可以连接，然后重试。`
    : `无法打开内置数据库：${message}\n请确认 DATA_DIR 所在目录可写、没有另一个管家进程正在使用它，然后重试。`;
}
