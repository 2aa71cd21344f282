// What a signal does to a running bot: an orderly stop with a deadline; a second signal exits at once.
import { describe, expect, it } from 'vitest';
import { stopOnSignals } from '../../bot/stop-on-signals.js';

type Listener = (signal: NodeJS.Signals) => void;

function harness(stop: () => Promise<void>, deadlineMs = 60_000) {
  const listeners = new Map<NodeJS.Signals, Listener>();
  const said: string[] = [];
  const exits: number[] = [];
  let clock = 0;
  stopOnSignals({
    stop,
    deadlineMs,
    say: (line) => said.push(line),
    exit: (code) => exits.push(code),
    now: () => clock,
    on: (signal, listener) => listeners.set(signal, listener),
  });
  const send = (signal: NodeJS.Signals, at: number) => {
    clock = at;
    listeners.get(signal)?.(signal);
  };
  return { send, said, exits };
}

const never = () => new Promise<void>(() => {});

describe('stopOnSignals', () => {
  it('stops once on SIGTERM or SIGINT and exits 0 when the stop is done', async () => {
    let stops = 0;
    let finish = () => {};
    const h = harness(() => {
      stops++;
      return new Promise<void>((resolve) => (finish = resolve));
    });
    h.send('SIGTERM', 0);
    h.send('SIGINT', 10);
    expect(stops).toBe(1);
    expect(h.said[0]).toMatch(/^收到 SIGTERM，正在停止.*最多 60 秒.*再发一次/);
    expect(h.exits).toEqual([]);
    finish();
    await new Promise((r) => setTimeout(r, 0));
    expect(h.exits).toEqual([0]);
    expect(h.said.at(-1)).toBe('管家已停止。');
  });

  it('takes repeats within the first second as the same request (npm and the shell forward the group signal)', () => {
    const h = harness(never);
    h.send('SIGTERM', 0);
    h.send('SIGTERM', 5);
    h.send('SIGINT', 900);
    expect(h.exits).toEqual([]);
  });

  it('exits at once on a later second signal, with 128 + its number', () => {
    const h = harness(never);
    h.send('SIGINT', 0);
    h.send('SIGINT', 1_500);
    expect(h.exits).toEqual([130]);
    expect(h.said.at(-1)).toMatch(/^再次收到 SIGINT，立即退出/);
  });

  it('exits 1 at the deadline, saying so', async () => {
    const h = harness(never, 50);
    h.send('SIGTERM', 0);
    for (let i = 0; i < 200 && h.exits.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(h.exits).toEqual([1]);
    expect(h.said.at(-1)).toMatch(/^管家未能在 1 秒内停止，已强制退出/);
  });

  it('exits 1 when the stop fails, with the reason and no secret', async () => {
    const h = harness(() => Promise.reject(new Error('lost redis://:pw@host:6379')));
    h.send('SIGTERM', 0);
    await new Promise((r) => setTimeout(r, 0));
    expect(h.exits).toEqual([1]);
    expect(h.said.at(-1)).toBe('停止时出错，已退出：lost redis://:***@host:6379');
  });
});
