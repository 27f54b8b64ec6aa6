import { SingleBar } from 'cli-progress';
import { formatBytes as size } from '@datashelf/client';

/** What a phase counts. */
export type Unit = 'bytes' | 'rows' | 'datapoints' | 'files';

export interface Meter {
  add(count: number): void;
  finish(): void;
}

const amount = (n: number, unit: Unit) => (unit === 'bytes' ? size(n) : `${Math.round(n).toLocaleString('en')} ${unit}`);
const rate = (n: number, unit: Unit) =>
  `${unit === 'bytes' ? size(n) : Math.round(n).toLocaleString('en')}${unit === 'bytes' ? '' : ` ${unit}`}/s`;
const duration = (s: number) => (s >= 90 ? `${Math.floor(s / 60)} min ${Math.round(s % 60)} s` : `${s.toFixed(s < 10 ? 1 : 0)} s`);

/** A phase's figures so far, as words. */
function figures(label: string, unit: Unit, done: number, started: number, total?: number): string {
  const seconds = (performance.now() - started) / 1000;
  const speed = seconds > 0 ? done / seconds : 0;
  const parts = [
    total
      ? `${label}: ${Math.floor((100 * done) / total)}% (${amount(done, unit)} of ${amount(total, unit)})`
      : `${label}: ${amount(done, unit)}`,
  ];
  if (seconds >= 0.5) parts.push(rate(speed, unit));
  if (total && speed > 0 && done < total) parts.push(`ETA ${duration((total - done) / speed)}`);
  return parts.join(', ');
}

/**
 * Progress on stderr, in phases: a bar on a terminal, plain lines every few seconds
 * elsewhere (logs, CI), nothing with --no-progress. Each phase says what it counts.
 * Its timers never keep the CLI running: a meter left unfinished does not make it wait.
 */
export class Progress {
  constructor(
    private readonly mode: 'bar' | 'lines' | 'off',
    private readonly out: NodeJS.WriteStream = process.stderr,
  ) {}

  static for(enabled: boolean, out: NodeJS.WriteStream = process.stderr): Progress {
    return new Progress(!enabled ? 'off' : out.isTTY ? 'bar' : 'lines', out);
  }

  /** A phase counting `unit`s, toward `total` when it is known. */
  phase(label: string, unit: Unit, total?: number): Meter {
    const started = performance.now();
    let done = 0;
    const line = () => figures(label, unit, done, started, total);
    if (this.mode === 'off') return { add: (n) => void (done += n), finish: () => {} };
    if (this.mode === 'lines') {
      this.out.write(`${label}: started${total ? ` (${amount(total, unit)})` : ''}\n`);
      const timer = setInterval(() => this.out.write(line() + '\n'), 2000).unref();
      return {
        add: (n) => void (done += n),
        finish: () => {
          clearInterval(timer);
          this.out.write(`${label}: ${amount(done, unit)} in ${duration((performance.now() - started) / 1000)}\n`);
        },
      };
    }
    const bar = new SingleBar({ format: '{line}', stream: this.out, hideCursor: true, fps: 5, clearOnComplete: false });
    bar.start(total ?? 0, 0, { line: line() });
    return {
      add: (n) => {
        done += n;
        bar.update(Math.min(done, total ?? done), { line: line() });
      },
      finish: () => {
        bar.update(total ?? done, { line: `${label}: ${amount(done, unit)} in ${duration((performance.now() - started) / 1000)}` });
        bar.stop();
      },
    };
  }

  /** A phase with nothing to count (the server committing): it shows how long it has waited. */
  wait(label: string): Meter {
    const started = performance.now();
    const elapsed = () => duration((performance.now() - started) / 1000);
    if (this.mode === 'off') return { add: () => {}, finish: () => {} };
    if (this.mode === 'lines') {
      this.out.write(`${label}…\n`);
      const timer = setInterval(() => this.out.write(`${label}: still waiting (${elapsed()})\n`), 10_000).unref();
      return { add: () => {}, finish: () => clearInterval(timer) };
    }
    const bar = new SingleBar({ format: '{line}', stream: this.out, hideCursor: true, clearOnComplete: true });
    bar.start(1, 0, { line: `${label}… ${elapsed()}` });
    const timer = setInterval(() => bar.update(0, { line: `${label}… ${elapsed()}` }), 250).unref();
    return {
      add: () => {},
      finish: () => {
        clearInterval(timer);
        bar.stop();
      },
    };
  }
}
