/**
 * Progress on stderr, so stdout carries only the results: one line per phase, and a counter
 * that ticks in place on a terminal (a line every few seconds when stderr is a file or a pipe).
 */
export class Progress {
  private readonly tty = Boolean(process.stderr.isTTY);
  private lastLine = 0;
  private ticking = false;
  private readonly started = Date.now();

  phase(text: string): void {
    this.endTick();
    process.stderr.write(`[${this.elapsed()}] ${text}\n`);
  }

  tick(text: string): void {
    if (this.tty) {
      process.stderr.write(`\r\x1b[2K  ${text}`);
      this.ticking = true;
      return;
    }
    if (Date.now() - this.lastLine < 5000) return;
    this.lastLine = Date.now();
    process.stderr.write(`  ${text}\n`);
  }

  endTick(): void {
    if (this.ticking) process.stderr.write('\n');
    this.ticking = false;
  }

  private elapsed(): string {
    const s = Math.round((Date.now() - this.started) / 1000);
    return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
  }
}
