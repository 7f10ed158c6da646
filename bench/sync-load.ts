/**
 * One load-generator process of `bench/sync.ts`: it owns whole rooms (a sender and its receivers share
 * this process's clock), connects their clients, and on "go" sends ops for the measured time, then
 * reports every latency sample (send to arrival at each other client of the room) and every ack time.
 */
import { io, type Socket } from "socket.io-client";
import { type CreateRoomAck, EV, type JoinAck, type RemoteOp } from "../lib/sync/events";

export interface LoadTask {
  ports: { app: number; bare: number };
  rooms: number;
  perRoom: number;
  senders: number;
  hz: number;
  bare: boolean;
  warmupMs: number;
  measureMs: number;
  /** Distinguishes this process's keys from the others'. */
  tag: string;
}

/** `sentMeasured`: ops sent while measuring, each owed to every other client of its room. */
export type LoadMessage = { ready: true } | { lat: Float64Array; acks: Float64Array; cpuMs: number; sent: number; sentMeasured: number; arrived: number };

function client(port: number): Promise<Socket> {
  const s = io(`http://127.0.0.1:${port}`, { transports: ["websocket"], forceNew: true });
  return new Promise((done) => s.on("connect", () => done(s)));
}

/** A client of the room, and the newest seq it has seen: its ops are made on that, as the app's are. */
type Client = { s: Socket; seen: number };

async function setUp(t: LoadTask, onArrive: (key: string, receiver: string, from: string) => void): Promise<{ room: string; socks: Client[] }[]> {
  const out: { room: string; socks: Client[] }[] = [];
  for (let r = 0; r < t.rooms; r++) {
    let room = `bare-${t.tag}-${r}`;
    let invite = "";
    let token = "";
    if (!t.bare) {
      const maker = await client(t.ports.app);
      const made = (await maker.emitWithAck(EV.create, { name: "Bench" })) as CreateRoomAck;
      if (!made.ok) throw new Error(made.error);
      room = made.roomId;
      invite = made.inviteCode;
      token = made.token;
      maker.disconnect();
    }
    const socks: Client[] = [];
    const joins: Promise<void>[] = [];
    for (let i = 0; i < t.perRoom; i++) {
      joins.push(
        (async () => {
          const s = await client(t.bare ? t.ports.bare : t.ports.app);
          if (t.bare) await s.emitWithAck("join", room);
          else {
            const ack = (await s.emitWithAck(EV.join, { roomId: room, name: `c${i}`, ...(i === 0 ? { token } : { invite }) })) as JoinAck;
            if (!ack.ok) throw new Error(ack.error);
          }
          const me = `c${i}`;
          const c: Client = { s, seen: 0 };
          s.on("op", (m: RemoteOp | { key: string; clientId: string }) => {
            if ("seq" in m) c.seen = m.seq;
            onArrive(m.key, me, m.clientId);
          });
          s.on(EV.ops, (ms: RemoteOp[]) => {
            for (const m of ms) {
              c.seen = m.seq;
              onArrive(m.key, me, m.clientId);
            }
          });
          socks[i] = c;
        })(),
      );
      if (joins.length >= 50) await Promise.all(joins.splice(0));
    }
    await Promise.all(joins);
    out.push({ room, socks });
  }
  return out;
}

async function run(t: LoadTask, go: Promise<void>, report: (m: LoadMessage) => void): Promise<void> {
  const sent = new Map<string, number>();
  const lat: number[] = [];
  const acks: number[] = [];
  let measuring = false;
  let arrived = 0;
  // The author's own copy is not a delivery to a receiver (the bare baseline does not send it either).
  const rooms = await setUp(t, (key, receiver, from) => {
    arrived++;
    const at = sent.get(key);
    if (at !== undefined && measuring && receiver !== from) lat.push(performance.now() - at);
  });
  report({ ready: true });
  await go;
  const cpu0 = process.cpuUsage();
  let counter = 0;
  let sentMeasured = 0;
  const timers: ReturnType<typeof setInterval>[] = [];
  const starts: ReturnType<typeof setTimeout>[] = [];
  for (const { room, socks } of rooms) {
    for (let i = 0; i < t.senders; i++) {
      const c = socks[i] as Client;
      const s = c.s;
      // Spread senders over the period so a room's ops do not all leave in the same millisecond.
      starts.push(
        setTimeout(
          () => {
            timers.push(
              setInterval(() => {
                const key = `${t.tag}-${counter++}`;
                const op = { type: "layout.move", id: "m-host", position: { x: counter % 1000, y: i } };
                const at = performance.now();
                sent.set(key, at);
                if (measuring) sentMeasured++;
                if (t.bare) s.emit("op", room, { seq: counter, op, clientId: `c${i}`, key });
                else
                  s.emit(EV.op, { clientId: `c${i}`, key, baseSeq: c.seen, op }, () => {
                    if (measuring) acks.push(performance.now() - at);
                  });
              }, 1000 / t.hz),
            );
          },
          Math.random() * (1000 / t.hz),
        ),
      );
    }
  }
  await new Promise((r) => setTimeout(r, t.warmupMs));
  measuring = true;
  await new Promise((r) => setTimeout(r, t.measureMs));
  measuring = false;
  for (const x of starts) clearTimeout(x);
  for (const x of timers) clearInterval(x);
  await new Promise((r) => setTimeout(r, 300));
  for (const { socks } of rooms) for (const c of socks) c.s.disconnect();
  const cpu = process.cpuUsage(cpu0);
  report({ lat: Float64Array.from(lat), acks: Float64Array.from(acks), cpuMs: (cpu.user + cpu.system) / 1000, sent: counter, sentMeasured, arrived });
}

if (process.argv.includes("--load") && process.send) {
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
