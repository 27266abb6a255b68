import type { Logger } from '@nestjs/common';

/** Logs a recurring warning (a connection retrying every second) at most once per interval. */
export class ThrottledWarning {
  private last = 0;

  constructor(
    private readonly logger: Logger,
    private readonly intervalMs: number,
  ) {}

  warn(message: string, error: unknown): void {
    const now = Date.now();
    if (now - this.last < this.intervalMs) return;
    this.last = now;
    this.logger.warn({ err: error instanceof Error ? error.message : String(error) }, message);
  }
}
