// The logger keeps secrets out of every line, whoever the caller, and writes errors with their stacks.
import { describe, expect, it } from 'vitest';
import { createLogger, redactText } from '../../bot/log.js';

function capture(level: 'debug' | 'info' | 'warn' | 'error' = 'info') {
  const lines: string[] = [];
  const log = createLogger(level, (line) => lines.push(line));
  const parsed = () => lines.map((l) => JSON.parse(l) as Record<string, unknown>);
  return { log, lines, parsed };
}

describe('logger', () => {
  it('masks the password of a URL in a field, in nested values and in the message', () => {
    const { log, lines, parsed } = capture();
    log.info('connecting to redis://:s3cr3t-pw@redis.internal:6379/0', {
      redis: 'redis://:s3cr3t-pw@redis.internal:6379/0',
      nested: { urls: ['postgresql://guanjia:pg-Pass.123@db.internal:5432/guanjia?schema=x'] },
    });
    expect(lines.join('\n')).not.toMatch(/s3cr3t-pw|pg-Pass\.123/);
    const [line] = parsed();
    expect(line).toMatchObject({
      level: 'info',
      msg: 'connecting to redis://:***@redis.internal:6379/0',
      redis: 'redis://:***@redis.internal:6379/0',
      nested: { urls: ['postgresql://guanjia:***@db.internal:5432/guanjia?schema=x'] },
    });
  });

  it('leaves URLs without a password as they are', () => {
    expect(redactText('redis://127.0.0.1:6379 and postgresql://postgres@127.0.0.1:5432/test and unix:///tmp/d/redis.sock')).toBe(
      'redis://127.0.0.1:6379 and postgresql://postgres@127.0.0.1:5432/test and unix:///tmp/d/redis.sock',
    );
  });

  it('masks a password that itself contains @ or :', () => {
    expect(redactText('redis://user:p@ss:w0rd@host:6379')).toBe('redis://user:***@host:6379');
  });

  it('masks the values of keys named like secrets, tokens, passwords and AES keys, at any depth', () => {
    const { log, lines, parsed } = capture();
    log.warn('platform settings', {
      clientSecret: 'ding-secret-value',
      settings: { WECOM_SECRET: 'wecom-secret-value', token: 'callback-token-value', encodingAesKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG' },
      accessToken: 'access-token-value',
      password: 'plain-password',
      headers: [{ authorization: 'Bearer bearer-value' }],
      corpId: 'ww-not-a-secret',
    });
    expect(lines.join('\n')).not.toMatch(/ding-secret-value|wecom-secret-value|callback-token-value|abcdefghijklmnop|access-token-value|plain-password|bearer-value/);
    expect(parsed()[0]).toMatchObject({
      clientSecret: '***',
      settings: { WECOM_SECRET: '***', token: '***', encodingAesKey: '***' },
      accessToken: '***',
      password: '***',
      headers: [{ authorization: '***' }],
      corpId: 'ww-not-a-secret',
    });
  });

  it('masks secret query parameters such as access_token in URLs inside messages', () => {
    const { log, lines } = capture();
    log.warn('request failed', { err: 'GET https://qyapi.example/cgi-bin/gettoken?corpid=ww1&corpsecret=SEKRIT then ?access_token=TOKVAL&x=1' });
    expect(lines[0]).not.toMatch(/SEKRIT|TOKVAL/);
    expect(lines[0]).toContain('corpid=ww1&corpsecret=***');
    expect(lines[0]).toContain('access_token=***&x=1');
  });

  it('writes an Error as an object with its name, message, code, cause and stack, secrets masked', () => {
    const { log, parsed } = capture();
    const cause = new Error('inner: redis://:cause-pw@h:1');
    const err = Object.assign(new Error('connect failed for redis://:err-pw@h:6379', { cause }), { code: 'ECONNREFUSED', password: 'field-pw' });
    log.error('redis down', { err });
    const [line] = parsed();
    const written = line?.err as Record<string, unknown>;
    expect(written).toMatchObject({
      name: 'Error',
      message: 'connect failed for redis://:***@h:6379',
      code: 'ECONNREFUSED',
      password: '***',
      cause: { message: 'inner: redis://:***@h:1' },
    });
    expect(written.stack).toMatch(/^Error: connect failed for redis:\/\/:\*\*\*@h:6379\n\s+at /);
    expect(JSON.stringify(line)).not.toMatch(/cause-pw|err-pw|field-pw/);
  });

  it('writes bigints as text and survives circular values', () => {
    const { log, parsed } = capture();
    const loop: Record<string, unknown> = { id: 7n };
    loop.self = loop;
    log.info('loop', { loop });
    expect(parsed()[0]).toMatchObject({ loop: { id: '7', self: '[Circular]' } });
  });

  it('drops lines below its level', () => {
    const { log, lines } = capture('warn');
    log.info('quiet');
    log.warn('loud');
    expect(lines).toHaveLength(1);
  });

  it('gives a child logger’s fields to every line it writes, merged with its parent’s, secrets masked', () => {
    const { log, parsed } = capture();
    const job = log.child({ job: 'inbound.event', delivery: 'wecom:7401', platform: 'wecom' });
    job.child({ requestId: 'r-12', accessToken: 'tok-123' }).warn('refused', { code: 'NOT_ASSIGNEE' });
    log.info('plain');
    const [child, plain] = parsed();
    expect(child).toMatchObject({ msg: 'refused', job: 'inbound.event', delivery: 'wecom:7401', platform: 'wecom', requestId: 'r-12', accessToken: '***', code: 'NOT_ASSIGNEE' });
    expect(plain).not.toHaveProperty('job');
  });

  it('writes debug lines only at LOG_LEVEL=debug, one JSON object per line, secrets masked', () => {
    const quiet = capture('info');
    quiet.log.debug('not written');
    expect(quiet.lines).toHaveLength(0);
    const { log, lines, parsed } = capture('debug');
    log.child({ jobId: '17' }).debug('claimed %s', { secret: 'dbg-secret', url: 'https://x.example/?access_token=dbg-tok' });
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain('\n');
    expect(lines[0]).not.toMatch(/dbg-secret|dbg-tok/);
    expect(parsed()[0]).toMatchObject({ level: 'debug', msg: 'claimed %s', jobId: '17', secret: '***', url: 'https://x.example/?access_token=***' });
    expect(typeof parsed()[0]?.t).toBe('string');
  });
});
