export type Counter = { inc: (by?: number) => void };

/** A few counters and gauges in the Prometheus text format; no client library needed for this many. */
export class Metrics {
  private counters = new Map<string, { help: string; value: number }>();
  private gauges = new Map<string, { help: string; read: () => number }>();
  private histo = { bounds: [1, 2, 5, 10, 25, 50, 100, 250, 1000], counts: new Array<number>(10).fill(0), sum: 0, n: 0 };

  counter(name: string, help: string): Counter {
    const c = { help, value: 0 };
    this.counters.set(name, c);
    return {
      inc: (by = 1) => {
        c.value += by;
      },
    };
  }

  gauge(name: string, help: string, read: () => number): void {
    this.gauges.set(name, { help, read });
  }

  /** Records how long one op took from arrival to ack, in milliseconds. */
  observeCommit(ms: number): void {
    const h = this.histo;
    let i = h.bounds.findIndex((b) => ms <= b);
    if (i < 0) i = h.bounds.length;
    h.counts[i] = (h.counts[i] ?? 0) + 1;
    h.sum += ms;
    h.n++;
  }

  render(): string {
    const lines: string[] = [];
    for (const [name, c] of this.counters) lines.push(`# HELP ${name} ${c.help}`, `# TYPE ${name} counter`, `${name} ${c.value}`);
    for (const [name, g] of this.gauges) lines.push(`# HELP ${name} ${g.help}`, `# TYPE ${name} gauge`, `${name} ${g.read()}`);
    const name = "dockside_op_commit_ms";
    lines.push(`# HELP ${name} Time from an op's arrival to its ack`, `# TYPE ${name} histogram`);
    let acc = 0;
    this.histo.bounds.forEach((b, i) => {
      acc += this.histo.counts[i] ?? 0;
      lines.push(`${name}_bucket{le="${b}"} ${acc}`);
    });
    lines.push(`${name}_bucket{le="+Inf"} ${this.histo.n}`, `${name}_sum ${this.histo.sum}`, `${name}_count ${this.histo.n}`);
    return `${lines.join("\n")}\n`;
  }
}
