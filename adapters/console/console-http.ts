// What the console API's routes share: the error they throw (status, code, Chinese message), body
// checking with zod, who is acting, and the Idempotency-Key a client may send with a POST.
import type { Request } from 'express';
import type { ZodType } from 'zod';
import { isCleanId } from '../../workflows/domain/clean-text.js';
import type { WorkflowService } from '../../workflows/service/workflow-service.js';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export function parse<T>(schema: ZodType<T>, body: unknown): T {
  const result = schema.safeParse(body ?? {});
  if (result.success) return result.data;
  const problems = result.error.issues.map((i) => (i.path.length ? `${i.path.join('.')}：${i.message}` : i.message));
  throw new ApiError(400, 'BAD_INPUT', `请求内容有误：${problems.join('；')}`);
}

export async function verifyPerson(service: WorkflowService, personId: string): Promise<void> {
  // an id with a control character is no one's (and PostgreSQL would refuse a NUL in the query)
  const account = personId && isCleanId(personId) ? await service.accounts.find('console', personId) : null;
  if (!account?.active) throw new ApiError(403, 'UNKNOWN_PERSON', `「${personId}」不在组织架构中。请从左侧选择一位在册人员。`);
}

export function idempotencyKey(req: Request): string | undefined {
  const key = req.get('Idempotency-Key');
  return key && /^[\w.-]{1,100}$/.test(key) ? `key-${key}` : undefined;
}
