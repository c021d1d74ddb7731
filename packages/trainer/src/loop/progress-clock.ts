/** Wall-clock bookkeeping of a run: elapsed time, throughput of the last step, and the time left. */
export class ProgressClock {
  private readonly started: number;
  private stepsTimed = 0;

  constructor(
    private readonly now: () => number = () => performance.now(),
  ) {
    this.started = now();
  }

  /** Seconds since the run (this process's part of it) started. */
  get elapsedSeconds(): number {
    return (this.now() - this.started) / 1000;
  }

  /** Notes a finished step; the estimate of the time left averages every step so far (validation included). */
  stepDone(): void {
    this.stepsTimed++;
  }

  /** Seconds the remaining steps should take at the average pace so far. */
  etaSeconds(remainingSteps: number): number {
    return this.stepsTimed === 0 ? 0 : (this.elapsedSeconds / this.stepsTimed) * remainingSteps;
  }
}
