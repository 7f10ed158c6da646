/**
 * A broadcast's frame, written straight to each member's WebSocket.
 *
 * socket.io encodes a broadcast once and frames it once (`wsPreEncodedFrame`), then hands the frame to
 * engine.io once per member: a packet object, four events, a write callback, a drain and a flush per
 * member. In a school's rooms of 40 that per-member bookkeeping costs about as much CPU as the socket
 * write itself. When a member's connection is an open WebSocket with nothing queued in engine.io, nothing
 * is gained by queueing: the frame goes to the socket now, after everything engine.io already wrote and
 * before anything it writes next, so the order on the wire is the order socket.io meant. Anything else (a
 * long-polling client, an upgrade under way, packets queued behind a pending write, compression) takes
 * socket.io's own way.
 */
import type { Socket } from "socket.io";
import type { Counter } from "./metrics";

/** The parts of engine.io's connection and WebSocket transport this path reads (untyped internals). */
interface EngineConn {
  readyState: string;
  upgrading: boolean;
  writeBuffer: unknown[];
  transport: {
    name: string;
    writable: boolean;
    perMessageDeflate: unknown;
    socket?: { readyState: number; _sender?: { sendFrame(list: Buffer[], cb?: () => void): void } };
  };
}

/** What socket.io's adapter passes for a broadcast packet: its frame, as `ws` would build it. */
interface PacketOpts {
  volatile?: boolean;
  wsPreEncodedFrame?: Buffer[];
  /** The frame as one buffer, made once per broadcast: one write per member, not a cork and two. */
  oneFrame?: Buffer[];
}

type WriteToEngine = (encoded: unknown, opts: PacketOpts) => void;

const OPEN = 1;

/** Writes this socket's broadcast frames directly when its connection allows it (see above); `written` counts them. */
export function directFrames(socket: Socket, written?: Counter): void {
  const client = socket.client as unknown as { conn: EngineConn; writeToEngine: WriteToEngine };
  const viaEngine = client.writeToEngine.bind(client);
  client.writeToEngine = (encoded, opts) => {
    const frame = opts.wsPreEncodedFrame;
    const conn = client.conn;
    const t = conn.transport;
    const sender = t.socket?._sender;
    if (
      frame === undefined ||
      sender === undefined ||
      t.name !== "websocket" ||
      !t.writable ||
      t.perMessageDeflate ||
      conn.readyState !== "open" ||
      conn.upgrading ||
      conn.writeBuffer.length > 0 ||
      t.socket?.readyState !== OPEN
    ) {
      viaEngine(encoded, opts);
      return;
    }
    opts.oneFrame ??= [Buffer.concat(frame)];
    sender.sendFrame(opts.oneFrame);
    written?.inc();
  };
}
