import { BatchLoop } from './batch-loop';

/** A promise the test settles by hand. */
function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void; reject: (error: Error) => void } {
  let resolve: (value: T) => void = () => undefined;
  let reject: (error: Error) => void = () => undefined;
  const promise = new Promise<T>((settle, fail) => {
    resolve = settle;
    reject = fail;
  });
  return { promise, resolve, reject };
}

/** Lets every settled promise's continuations run. */
const settle = (): Promise<void> => new Promise((done) => setImmediate(done));

describe('BatchLoop', () => {
  it('should take batches while they come back full, and stop at the first that is not', async () => {
    const sizes = [3, 3, 1];
    const lastTaken = deferred<void>();
    const batch = jest.fn(async () => {
      const size = sizes.shift() ?? 0;
      if (size < 3) lastTaken.resolve();
      return size;
    });
    const loop = new BatchLoop(batch, 3, () => undefined);

    loop.kick();
    await lastTaken.promise;
    await loop.stop();

    expect(batch).toHaveBeenCalledTimes(3);
  });

  it('should look once more when kicked while a batch runs, and not run two batches at once', async () => {
    const first = deferred<number>();
    const batch = jest.fn().mockReturnValueOnce(first.promise).mockResolvedValue(0);
    const loop = new BatchLoop(batch, 10, () => undefined);

    loop.kick();
    loop.kick();
    loop.kick();
    expect(batch).toHaveBeenCalledTimes(1);
    first.resolve(0);
    await settle();
    await loop.stop();

    expect(batch).toHaveBeenCalledTimes(2);
  });

  it('should end the round on a failure, say why, and run again on the next kick', async () => {
    const failed = jest.fn();
    const batch = jest.fn().mockRejectedValueOnce(new Error('NATS is not connected.')).mockResolvedValue(0);
    const loop = new BatchLoop(batch, 10, failed);

    loop.kick();
    await settle();
    expect(failed).toHaveBeenCalledWith(new Error('NATS is not connected.'));
    expect(batch).toHaveBeenCalledTimes(1);
    loop.kick();
    await loop.stop();

    expect(batch).toHaveBeenCalledTimes(2);
  });

  it('should wait for the running batch when stopped, and take no kick afterwards', async () => {
    const running = deferred<number>();
    const batch = jest.fn().mockReturnValueOnce(running.promise).mockResolvedValue(10);
    const loop = new BatchLoop(batch, 10, () => undefined);
    loop.kick();

    let stopped = false;
    const stopping = loop.stop().then(() => (stopped = true));
    await settle();
    expect(stopped).toBe(false);
    running.resolve(10);
    await stopping;
    loop.kick();
    await settle();

    expect(batch).toHaveBeenCalledTimes(1);
  });
});
