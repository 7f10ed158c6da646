/**
 * One load-generator process of `bench/sync.ts`: it owns whole rooms (a sender and its receivers share
 * this process's clock), connects their clients, and on "go" sends ops for the measured time, then
 * reports every latency sample (send to arrival at each other client of the room) and every ack time.
 */
import { io, type Socket } from "socket.io-client";
import { WebSocket } from "ws";
import { type CreateRoomAck, type DurableMark, EV, type JoinAck, type OpAck, type RemoteOp } from "../lib/sync/events";
import { WireSocket } from "./sio-wire";

/** Which server the clients talk to: the room server, the bare socket.io relay, or the floor relay. */
export type Target = "app" | "bare" | "floor";

export interface LoadTask {
  ports: Record<Target, number>;
  /** How long to wait after the measured window for what is still owed (default BENCH_DRAIN_MS, 15 s). */
  drainMs?: number;
  /** Scale-out: a second room server process; each room's odd clients connect to it, the others to `ports.app`. */
  appB?: number;
  rooms: number;
  perRoom: number;
  senders: number;
  hz: number;
  target: Target;
  warmupMs: number;
  measureMs: number;
  /** Distinguishes this process's keys from the others'. */
  tag: string;
}

/**
 * `sentMeasured`: ops sent while measuring, each owed to every other client of its room (`owed`
 * deliveries); `delivered` of those arrived, each counted once; `duplicates` are copies that arrived again.
 */
export type LoadMessage =
  | { ready: true }
  /** The measured window opens or closes (the server's CPU and loop are read at both ends). */
  | { window: "start" | "end" }
  | {
      lat: Float64Array;
      acks: Float64Array;
      cpuMs: number;
      sent: number;
      sentMeasured: number;
      arrived: number;
      owed: number;
      delivered: number;
      duplicates: number;
      /** Ops done (acked, or durable once heard back), whole run. */
      done: number;
      /** Measured ops the server refused, by code (a refused op is owed to nobody). */
      refused: Record<string, number>;
      /** Owed deliveries still missing at the end of the drain: of ops done (committed) and of ops not done. */
      missingDone: number;
      missingUndone: number;
      /** Measured sends per 10 ms slice of the period: how evenly the senders spread their ops. */
      slices: number[];
    };

/** How long after the measured window the clients wait for deliveries still owed. */
const DRAIN_MS = Number(process.env.BENCH_DRAIN_MS ?? 15_000);
const NONE = new Uint8Array(0);

/** An op this process sent: when, by which client of its room, and which receivers have it. */
interface Sent {
  at: number;
  author: number;
  measured: boolean;
  got: Uint8Array;
  done?: boolean;
}

type Op = { type: "layout.move"; id: string; position: { x: number; y: number } };
type Arrival = { key: string; clientId: string; seq?: number };

/**
 * One client of a room, whatever it talks to. `onAck` is called when the op is done (durable; the room server
 * only). A room server client makes its ops on the newest seq it has heard of, as the app does.
 */
interface Client {
  send(key: string, op: Op, onAck: () => void, onRefused: (code: string) => void): void;
  close(): void;
}

/** What the load needs of a socket.io connection: socket.io-client's `Socket`, or the wire client. */
interface LoadSocket {
  // biome-ignore lint/suspicious/noExplicitAny: listeners of different events take different payloads
  on(event: string, fn: (...args: any[]) => void): unknown;
  emit(event: string, ...args: unknown[]): unknown;
  emitWithAck(event: string, ...args: unknown[]): Promise<unknown>;
  disconnect(): unknown;
}

/** `BENCH_CLIENT=socket.io`: socket.io-client, whose own work adds about a tenth to the load's CPU (see `sio-wire.ts`). */
const CLIENT = process.env.BENCH_CLIENT === "socket.io" ? "socket.io" : "wire";

function connect(port: number): Promise<LoadSocket> {
  if (CLIENT === "wire") return WireSocket.connect(port);
  const s: Socket = io(`http://127.0.0.1:${port}`, { transports: ["websocket"], forceNew: true });
  return new Promise((done) => s.on("connect", () => done(s)));
}

/** Makes a room on the target and connects its clients; `arrive` hears every op each client receives. */
async function makeRoom(task: LoadTask, name: string, arrive: (receiver: number, m: Arrival) => void): Promise<Client[]> {
  let room = name;
  let invite = "";
  let token = "";
  if (task.target === "app") {
    const maker = await connect(task.ports.app);
    const made = (await maker.emitWithAck(EV.create, { name: "Bench" })) as CreateRoomAck;
    if (!made.ok) throw new Error(made.error);
    room = made.roomId;
    invite = made.inviteCode;
    token = made.token;
    maker.disconnect();
  }
  const one = async (i: number): Promise<Client> => {
    const me = `c${i}`;
    const hear = (m: Arrival) => arrive(i, m);
    if (task.target === "floor") {
      const ws = new WebSocket(`ws://127.0.0.1:${task.ports.floor}/?room=${room}`, { perMessageDeflate: false });
      ws.on("message", (data) => {
        for (const m of JSON.parse(String(data)) as Arrival[]) hear(m);
      });
      await new Promise((done, fail) => ws.once("open", done).once("error", fail));
      return { send: (key, op) => ws.send(JSON.stringify({ clientId: me, key, op })), close: () => ws.close() };
    }
    const s = await connect(task.target === "app" && task.appB && i % 2 === 1 ? task.appB : task.ports[task.target]);
    if (task.target === "bare") {
      await s.emitWithAck("join", room);
      s.on("op", hear);
      let seq = 0;
      return { send: (key, op) => s.emit("op", room, { seq: ++seq, op, clientId: me, key }), close: () => s.disconnect() };
    }
    const ack = (await s.emitWithAck(EV.join, { roomId: room, name: me, ...(i === 0 ? { token } : { invite }) })) as JoinAck;
    if (!ack.ok) throw new Error(ack.error);
    let seen = 0;
    // As the app's client does, ops go without an ack callback: an op is done once the room's broadcast
    // brought it back and a durable mark (on a later op, or alone) covers its seq.
    const sentKeys = new Map<string, { onAck: () => void; onRefused: (code: string) => void }>();
    const awaiting: { seq: number; done: () => void }[] = [];
    const durable = (d: number) => {
      while (awaiting.length > 0 && (awaiting[0] as { seq: number }).seq <= d) awaiting.shift()?.done();
    };
    const heard = (m: RemoteOp) => {
      seen = m.seq;
      hear(m);
      const mine = sentKeys.get(m.key);
      if (mine && m.clientId === me) {
        sentKeys.delete(m.key);
        awaiting.push({ seq: m.seq, done: mine.onAck });
      }
      durable(m.durable ?? m.seq);
    };
    s.on(EV.op, heard);
    s.on(EV.ops, (ms: RemoteOp[]) => {
      for (const m of ms) heard(m);
    });
    s.on(EV.durable, (m: DurableMark) => durable(m.seq));
    s.on(EV.answer, (a: OpAck) => {
      const mine = a.key === undefined ? undefined : sentKeys.get(a.key);
      if (!mine || a.key === undefined) return;
      sentKeys.delete(a.key);
      if ("committed" in a) mine.onAck();
      else mine.onRefused(a.code);
    });
    return {
      send: (key, op, onAck, onRefused) => {
        sentKeys.set(key, { onAck, onRefused });
        s.emit(EV.op, { clientId: me, key, baseSeq: seen, op });
      },
      close: () => s.disconnect(),
    };
  };
  const clients: Client[] = [];
  for (let i = 0; i < task.perRoom; i += 50) {
    const batch = Array.from({ length: Math.min(50, task.perRoom - i) }, (_, j) => one(i + j));
    clients.push(...(await Promise.all(batch)));
  }
  return clients;
}

async function run(t: LoadTask, go: Promise<void>, report: (m: LoadMessage) => void): Promise<void> {
  const sent = new Map<string, Sent>();
  const lat: number[] = [];
  const acks: number[] = [];
  let measuring = false;
  let arrived = 0;
  /** Deliveries owed for the ops sent while measuring, those that arrived (once each), and extra copies. */
  let owed = 0;
  let delivered = 0;
  let duplicates = 0;
  const refused: Record<string, number> = {};
  // The author's own copy is not a delivery to a receiver (the bare baseline does not send it either).
  // Every op sent while measuring is followed to each receiver, however late it arrives (until the
  // drain ends), so a late delivery counts as late, not as missing, and a copy is never counted twice.
  const arrive = (receiver: number, m: Arrival) => {
    arrived++;
    const s = sent.get(m.key);
    if (s === undefined || !s.measured || receiver === s.author) return;
    if (s.got[receiver] === 1) {
      duplicates++;
      return;
    }
    s.got[receiver] = 1;
    delivered++;
    lat.push(performance.now() - s.at);
  };
  const rooms: Client[][] = [];
  for (let r = 0; r < t.rooms; r++) rooms.push(await makeRoom(t, `${t.target}-${t.tag}-${r}`, arrive));
  report({ ready: true });
  await go;
  const cpu0 = process.cpuUsage();
  let counter = 0;
  let sentMeasured = 0;
  let done = 0;
  const period = 1000 / t.hz;
  const slices: number[] = new Array(Math.ceil(period / 10)).fill(0);
  const sendOne = (c: Client, i: number) => {
    const key = `${t.tag}-${counter++}`;
    const op: Op = { type: "layout.move", id: "m-host", position: { x: counter % 1000, y: i } };
    const at = performance.now();
    const measured = measuring;
    if (measured) {
      const slice = Math.floor((at % period) / 10);
      slices[slice] = (slices[slice] ?? 0) + 1;
    }
    sent.set(key, { at, author: i, measured, got: measured ? new Uint8Array(t.perRoom) : NONE });
    if (measured) {
      sentMeasured++;
      owed += t.perRoom - 1;
    }
    c.send(
      key,
      op,
      () => {
        done++;
        const s = sent.get(key);
        if (s) s.done = true;
        if (measured) acks.push(performance.now() - at);
      },
      (code) => {
        done++;
        if (!measured) return;
        refused[code] = (refused[code] ?? 0) + 1;
        owed -= t.perRoom - 1;
      },
    );
  };
  // Each sender has its own phase in the period, spread at random so a room's ops do not all leave in the
  // same millisecond, and keeps it: its k-th op is due at phase + k periods, however late the one before
  // went. (A setInterval re-arms from when its callback ran: after one busy moment, the senders it delayed
  // would all fire together from then on, a burst every period that clients on their own machines never make.)
  const timers: ReturnType<typeof setTimeout>[] = [];
  let stopped = false;
  for (const clients of rooms) {
    for (let i = 0; i < t.senders; i++) {
      const c = clients[i] as Client;
      const slot = timers.length;
      const phase = performance.now() + Math.random() * period;
      let k = 0;
      const fire = () => {
        if (stopped) return;
        timers[slot] = setTimeout(fire, Math.max(0, phase + ++k * period - performance.now()));
        sendOne(c, i);
      };
      timers.push(setTimeout(fire, phase - performance.now()));
    }
  }
  await new Promise((r) => setTimeout(r, t.warmupMs));
  measuring = true;
  report({ window: "start" });
  await new Promise((r) => setTimeout(r, t.measureMs));
  measuring = false;
  report({ window: "end" });
  stopped = true;
  for (const x of timers) clearTimeout(x);
  // The drain: wait for what is still owed (a slow server's backlog) and, against the room server, for
  // every op sent to be done; then a little longer for copies that would arrive twice.
  const drainEnd = performance.now() + (t.drainMs ?? DRAIN_MS);
  const waiting = () => delivered < owed || (t.target === "app" && done < counter);
  while (waiting() && performance.now() < drainEnd) await new Promise((r) => setTimeout(r, 100));
  await new Promise((r) => setTimeout(r, 300));
  for (const clients of rooms) for (const c of clients) c.close();
  const cpu = process.cpuUsage(cpu0);
  let missingDone = 0;
  let missingUndone = 0;
  for (const s of sent.values()) {
    if (!s.measured) continue;
    let missing = 0;
    for (let r = 0; r < t.perRoom; r++) if (r !== s.author && s.got[r] === 0) missing++;
    if (s.done) missingDone += missing;
    else missingUndone += missing;
  }
  report({
    lat: Float64Array.from(lat),
    acks: Float64Array.from(acks),
    cpuMs: (cpu.user + cpu.system) / 1000,
    sent: counter,
    sentMeasured,
    arrived,
    owed,
    delivered,
    duplicates,
    done,
    refused,
    missingDone,
    missingUndone,
    slices,
  });
}

if (process.argv.includes("--load") && process.send) {
  // A normal exit on SIGTERM, so that --cpu-prof (BENCH_PROF_LOAD) writes its profile.
  process.on("SIGTERM", () => process.exit(0));
  let start: () => void = () => undefined;
  const go = new Promise<void>((r) => {
    start = r;
  });
  process.on("message", (m: { task?: LoadTask; go?: true }) => {
    if (m.task) {
      run(m.task, go, (msg) => process.send?.(msg)).catch((err) => {
        console.error(err);
        process.exit(1);
      });
    }
    if (m.go) start();
  });
}
