import { describe, expect, it } from 'vitest';
import { sharedRead, writeBatch } from '../../workflows/infra/write-batch.js';

/** a write that holds each batch until `release` is called, recording the batches it was given */
function heldWrite() {
  const batches: number[][] = [];
  const releases: (() => void)[] = [];
  const write = (items: number[]) =>
    new Promise<string[]>((resolve, reject) => {
      batches.push(items);
      releases.push(() => (items.includes(13) ? reject(new Error('13 is refused')) : resolve(items.map((i) => `#${i}`))));
    });
  const releaseAll = async () => {
    // each release lets the next batch start: release until nothing is held
    while (releases.length > 0) {
      releases.shift()!();
      await new Promise((resolve) => setImmediate(resolve));
    }
  };
  return { write, batches, releaseAll };
}

describe('writeBatch', () => {
  it('writes a lone item at once, and what arrives meanwhile together in the next write, each caller getting its own result', async () => {
    const held = heldWrite();
    const put = writeBatch(held.write);
    const first = put(1);
    expect(held.batches).toEqual([[1]]);
    const rest = [2, 3, 4, 5].map((i) => put(i));
    const release = held.releaseAll();
    expect(await Promise.all([first, ...rest])).toEqual(['#1', '#2', '#3', '#4', '#5']);
    await release;
    expect(held.batches).toEqual([[1], [2, 3, 4, 5]]);
  });

  it('gives no write more than `max` items', async () => {
    const held = heldWrite();
    const put = writeBatch(held.write, { max: 3 });
    const all = Array.from({ length: 8 }, (_, i) => put(i));
    const release = held.releaseAll();
    await Promise.all(all);
    await release;
    expect(held.batches).toEqual([[0], [1, 2, 3], [4, 5, 6], [7]]);
  });

  it('fails only the caller whose item fails: a failed batch is written again one item at a time', async () => {
    const held = heldWrite();
    const put = writeBatch(held.write);
    const first = put(1);
    const rest = [12, 13, 14].map((i) => put(i));
    const release = held.releaseAll();
    const settled = await Promise.allSettled([first, ...rest]);
    await release;
    expect(settled.map((s) => (s.status === 'fulfilled' ? s.value : (s.reason as Error).message))).toEqual(['#1', '#12', '13 is refused', '#14']);
    expect(held.batches).toEqual([[1], [12, 13, 14], [12], [13], [14]]);
  });

  it('keeps working after a failure', async () => {
    const put = writeBatch(async (items: number[]) => {
      if (items.includes(0)) throw new Error('no zero');
      return items.map((i) => i * 2);
    });
    await expect(put(0)).rejects.toThrow('no zero');
    expect(await put(21)).toBe(42);
  });
});

describe('sharedRead', () => {
  it('lets callers at the same moment share one read, and reads again once it settled', async () => {
    let reads = 0;
    const read = sharedRead(async () => {
      reads += 1;
      await new Promise((resolve) => setImmediate(resolve));
      return reads;
    });
    expect(await Promise.all([read(), read(), read()])).toEqual([1, 1, 1]);
    expect(await read()).toBe(2);
  });

  it('does not keep a failed read', async () => {
    let fail = true;
    const read = sharedRead(async () => {
      if (fail) throw new Error('down');
      return 'up';
    });
    await expect(read()).rejects.toThrow('down');
    fail = false;
    expect(await read()).toBe('up');
  });
});
