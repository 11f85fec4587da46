interface CleanupStep {
  label: string;
  run(): Promise<unknown>;
}

/**
 * What the run has started, undone in reverse order exactly once: on success,
 * on failure and on Ctrl-C alike. A step that fails does not stop the others.
 */
export class CleanupStack {
  private readonly steps: CleanupStep[] = [];
  private done: Promise<void> | undefined;

  constructor(private readonly warn: (message: string) => void) {}

  push(label: string, run: () => Promise<unknown>): void {
    this.steps.push({ label, run });
  }

  runAll(): Promise<void> {
    this.done ??= (async () => {
      for (const step of [...this.steps].reverse()) {
        try {
          await step.run();
        } catch (error) {
          this.warn(`cleanup of ${step.label} failed: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
    })();
    return this.done;
  }
}
