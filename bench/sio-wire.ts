/**
 * A socket.io client for the load generator, speaking the wire protocol (engine.io 4 over WebSocket,
 * socket.io 5 packets, the default namespace) on a bare `ws` socket, as the floor's clients are bare
 * `ws` sockets. The load shares the server's two cores here, so what the clients spend is taken from
 * the server: socket.io-client's engine, decoder and emitters added about a tenth to the load's CPU
 * (school: 1.09-1.13 cores with it, 0.97-0.99 with this, the floor's clients 1.04-1.09), which students'
 * browsers never take from the server. `BENCH_CLIENT=socket.io` uses socket.io-client instead.
 *
 * Only what the load needs: events with JSON arguments, acknowledgements, pings. No reconnection, no
 * binary, no other namespace.
 */
import { WebSocket } from "ws";

// biome-ignore lint/suspicious/noExplicitAny: listeners of different events take different payloads
type Listener = (...args: any[]) => void;

export class WireSocket {
  private readonly listeners = new Map<string, Listener[]>();
  private readonly acks = new Map<number, (args: unknown[]) => void>();
  private nextAck = 0;

  private constructor(private readonly ws: WebSocket) {
    ws.on("message", (data) => this.onFrame(String(data)));
  }

  /** Opens the engine.io session and joins the default namespace. */
  static connect(port: number): Promise<WireSocket> {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/socket.io/?EIO=4&transport=websocket`, { perMessageDeflate: false });
    const s = new WireSocket(ws);
    return new Promise((done, fail) => {
      ws.once("error", fail);
      s.on("connect", () => done(s));
    });
  }

  on(event: string, fn: Listener): void {
    const list = this.listeners.get(event);
    if (list) list.push(fn);
    else this.listeners.set(event, [fn]);
  }

  emit(event: string, ...args: unknown[]): void {
    this.ws.send(`42${JSON.stringify([event, ...args])}`);
  }

  emitWithAck(event: string, ...args: unknown[]): Promise<unknown> {
    const id = this.nextAck++;
    return new Promise((done) => {
      this.acks.set(id, (a) => done(a[0]));
      this.ws.send(`42${id}${JSON.stringify([event, ...args])}`);
    });
  }

  disconnect(): void {
    if (this.ws.readyState === WebSocket.OPEN) this.ws.send("41");
    this.ws.close();
  }

  private fire(event: string, args: unknown[]): void {
    for (const fn of this.listeners.get(event) ?? []) fn(...args);
  }

  /** One engine.io packet per WebSocket frame: its type, then (for a message) a socket.io packet. */
  private onFrame(frame: string): void {
    const engine = frame[0];
    if (engine === "0") this.ws.send("40");
    else if (engine === "2") this.ws.send("3");
    else if (engine === "4") this.onPacket(frame.slice(1));
  }

  private onPacket(p: string): void {
    const type = p[0];
    if (type === "0") {
      this.fire("connect", []);
      return;
    }
    if (type === "4") throw new Error(`socket.io refused the connection: ${p.slice(1)}`);
    if (type !== "2" && type !== "3") return;
    let i = 1;
    while (i < p.length && p.charCodeAt(i) >= 48 && p.charCodeAt(i) <= 57) i++;
    const id = i > 1 ? Number(p.slice(1, i)) : null;
    const args = JSON.parse(p.slice(i)) as unknown[];
    if (type === "3") {
      if (id === null) return;
      this.acks.get(id)?.(args);
      this.acks.delete(id);
      return;
    }
    const [event, ...rest] = args as [string, ...unknown[]];
    if (id !== null) rest.push((...reply: unknown[]) => this.ws.send(`43${id}${JSON.stringify(reply)}`));
    this.fire(event, rest);
  }
}
