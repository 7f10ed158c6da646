/**
 * `LiveClient`: the presenter and spotlight state of a room as one participant hears it, beside a
 * `SyncClient` on the same socket. Framework-free; `subscribe`/`getSnapshot` fit `useSyncExternalStore`.
 *
 * ```ts
 * const live = new LiveClient(socket);
 * live.start();
 * await live.present(true);               // owner only; the server refuses anyone else
 * await live.spotlight({ source: { kind: "container", id }, target: "db", port: 5432 });
 * live.getSnapshot();                     // { presenter, spotlight }
 * live.stop();
 * ```
 */
import type { SyncSocket } from "./client";
import type { CommandAck } from "./events";
import { LIVE_EV, type Presenter, PresenterMessageSchema, type ReachQuery, SpotlightMessageSchema } from "./live";

export interface LiveSnapshot {
  presenter: Presenter | null;
  /** The presenter's latest reach query; `seq` changes with every new one, even a repeated query. */
  spotlight: { query: ReachQuery | null; seq: number };
}

export class LiveClient {
  private snap: LiveSnapshot = { presenter: null, spotlight: { query: null, seq: 0 } };
  private listeners = new Set<() => void>();
  // biome-ignore lint/suspicious/noExplicitAny: listeners of different payloads share one table
  private readonly handlers: [string, (...args: any[]) => void][];

  constructor(private readonly socket: SyncSocket) {
    this.handlers = [
      [
        LIVE_EV.presenter,
        (m: unknown) => {
          const parsed = PresenterMessageSchema.safeParse(m);
          if (!parsed.success) return;
          const presenter = parsed.data.presenter;
          this.set({ presenter, spotlight: presenter ? this.snap.spotlight : { query: null, seq: this.snap.spotlight.seq + 1 } });
        },
      ],
      [
        LIVE_EV.spotlight,
        (m: unknown) => {
          const parsed = SpotlightMessageSchema.safeParse(m);
          if (!parsed.success) return;
          this.set({ ...this.snap, spotlight: { query: parsed.data.query, seq: this.snap.spotlight.seq + 1 } });
        },
      ],
    ];
  }

  start(): void {
    for (const [ev, fn] of this.handlers) this.socket.on(ev, fn);
  }

  stop(): void {
    for (const [ev, fn] of this.handlers) this.socket.off(ev, fn);
  }

  /** Starts or stops presenting (owner only, checked by the server). */
  present(on: boolean): Promise<CommandAck> {
    return this.command(LIVE_EV.present, { on });
  }

  /** Shows a reach query on everyone's screen (the presenter only); null clears it. */
  spotlight(query: ReachQuery | null): Promise<CommandAck> {
    return this.command(LIVE_EV.spotlight, { query });
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSnapshot = (): LiveSnapshot => this.snap;

  private set(next: LiveSnapshot): void {
    this.snap = next;
    for (const l of this.listeners) l();
  }

  private command(event: string, payload: unknown): Promise<CommandAck> {
    return new Promise((resolve) => {
      if (!this.socket.connected) return resolve({ ok: false, code: "offline", error: "not connected" });
      const timer = setTimeout(() => resolve({ ok: false, code: "timeout", error: "the server did not answer" }), 10_000);
      this.socket.emit(event, payload, (ack: CommandAck) => {
        clearTimeout(timer);
        resolve(ack);
      });
    });
  }
}
