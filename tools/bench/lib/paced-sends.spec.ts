import { sendPaced } from './paced-sends';

describe('sendPaced', () => {
  // When each send is due comes from dueAtMs (steady-rate.spec.ts); here, that the loop is open and in order.
  it('should start the sends of a steady pace in order, without waiting for earlier ones to finish', async () => {
    const started: number[] = [];
    let inFlight = 0;
    let mostInFlight = 0;
    await sendPaced(5, { kind: 'steady', ratePerSecond: 100 }, async (index) => {
      started.push(index);
      inFlight += 1;
      mostInFlight = Math.max(mostInFlight, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 35));
      inFlight -= 1;
    });
    expect(started).toEqual([0, 1, 2, 3, 4]);
    expect(mostInFlight).toBeGreaterThan(1);
  });

  it('should keep at most `concurrency` sends in flight when flat out, and send every one', async () => {
    const done: number[] = [];
    let inFlight = 0;
    let mostInFlight = 0;
    await sendPaced(10, { kind: 'flat-out', concurrency: 3 }, async (index) => {
      inFlight += 1;
      mostInFlight = Math.max(mostInFlight, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 1));
      inFlight -= 1;
      done.push(index);
    });
    expect(mostInFlight).toBe(3);
    expect([...done].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });
});
