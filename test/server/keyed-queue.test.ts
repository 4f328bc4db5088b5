import { KeyedQueue } from '../../src/server/keyed-queue';

const never = () => new Promise<never>(() => undefined);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('KeyedQueue', () => {
  it('runs the tasks of one key one after the other, in order, and other keys alongside', async () => {
    const queue = new KeyedQueue();
    const log: string[] = [];
    const task = (name: string, ms: number) => async () => {
      log.push(`${name} start`);
      await sleep(ms);
      log.push(`${name} end`);
    };
    await Promise.all([queue.run('a', task('a1', 40)), queue.run('a', task('a2', 1)), queue.run('b', task('b1', 1))]);
    expect(log.indexOf('a2 start')).toBeGreaterThan(log.indexOf('a1 end'));
    expect(log.indexOf('b1 end')).toBeLessThan(log.indexOf('a1 end'));
  });

  it('goes on after a failing task', async () => {
    const queue = new KeyedQueue();
    const failed = queue.run('a', async () => {
      throw new Error('boom');
    });
    await expect(failed).rejects.toThrow('boom');
    await expect(queue.run('a', async () => 'next')).resolves.toBe('next');
  });

  it('with maxWaitMs, starts the next task when the one before never finishes', async () => {
    const queue = new KeyedQueue({ maxWaitMs: 100 });
    void queue.run('a', never);
    const started = Date.now();
    await expect(queue.run('a', async () => 'answered')).resolves.toBe('answered');
    expect(Date.now() - started).toBeGreaterThanOrEqual(90);
  });

  it('without maxWaitMs, waits for the task before however long it takes', async () => {
    const queue = new KeyedQueue();
    void queue.run('a', never);
    let ran = false;
    void queue.run('a', async () => void (ran = true));
    await sleep(150);
    expect(ran).toBe(false);
  });
});
