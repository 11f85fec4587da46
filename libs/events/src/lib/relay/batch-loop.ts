/**
 * Runs `batch` again and again while it comes back full, one batch at a
 * time; a kick while it runs makes it look once more when it is done, so a
 * wake-up that arrives mid-batch is never lost. A failing batch ends the
 * round (`failed` hears why): the work stays where it was, for the next kick.
 */
export class BatchLoop {
  private running?: Promise<void>;
  private again = false;
  private stopped = false;

  constructor(
    private readonly batch: () => Promise<number>,
    private readonly batchSize: number,
    private readonly failed: (error: Error) => void,
  ) {}

  kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain().finally(() => (this.running = undefined));
  }

  /** No more rounds; resolves once the one running (if any) has ended. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.running;
  }

  private async drain(): Promise<void> {
    do {
      this.again = false;
      try {
        while ((await this.batch()) === this.batchSize && !this.stopped);
      } catch (error) {
        this.failed(error instanceof Error ? error : new Error(String(error)));
        return;
      }
    } while (this.again && !this.stopped);
  }
}
