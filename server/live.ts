/**
 * Live demos and replay on the server: who presents in a room (owner only), the presenter's spotlight
 * (a reach query relayed to everyone), and pages of the op log for the replay timeline (owner only).
 * The presenter is room state held here, not presence: a participant cannot make themselves presenter
 * by sending presence, and everyone who joins is told who presents.
 */
import type { Logger } from "pino";
import type { Server, Socket } from "socket.io";
import type { z } from "zod";
import type { CommandAck } from "../lib/sync/events";
import {
  type HistoryAck,
  type HistoryRequest,
  HistoryRequestSchema,
  LIVE_EV,
  type Presenter,
  PresentSchema,
  type ReachQuery,
  SpotlightSchema,
} from "../lib/sync/live";
import type { Rooms } from "./rooms";

interface LiveSession {
  roomId: string;
  memberId: string;
  peerId: string;
}

// biome-ignore lint/suspicious/noExplicitAny: acknowledgement callbacks carry different payloads per event
type AckFn = (answer: any) => void;
type On = <T>(event: string, schema: z.ZodType<T>, fn: (value: T, ack?: AckFn) => Promise<void> | void) => void;
type Refuse = (event: string, code: string, error: string, ack?: AckFn) => void;

interface RoomLive {
  presenter: Presenter | null;
  spotlight: ReachQuery | null;
}

const SYNC = "dockside:live";
/** A presenter whose page reloads or whose network blips keeps presenting if back within this time. */
const PRESENTER_GRACE_MS = 10_000;
const DEFAULT_HISTORY_PAGE = 200;
const fail = (code: string, error: string) => ({ ok: false as const, code, error });

/**
 * One per server process: `bind` wires a connection's events, `joined`/`left` are called by the socket
 * layer around a session. With several processes (`shared`), changes are told to the others.
 */
export class Live {
  private rooms = new Map<string, RoomLive>();

  constructor(
    private readonly io: Server,
    private readonly roomsApi: Rooms,
    private readonly log: Logger,
    private readonly shared: boolean,
    private readonly graceMs = PRESENTER_GRACE_MS,
  ) {
    io.on(SYNC, (roomId: unknown, state: unknown) => {
      if (typeof roomId === "string" && state && typeof state === "object") this.rooms.set(roomId, state as RoomLive);
    });
  }

  private state(roomId: string): RoomLive {
    let s = this.rooms.get(roomId);
    if (!s) {
      s = { presenter: null, spotlight: null };
      this.rooms.set(roomId, s);
    }
    return s;
  }

  presenter(roomId: string): Presenter | null {
    return this.rooms.get(roomId)?.presenter ?? null;
  }

  private publish(roomId: string, s: RoomLive): void {
    if (!s.presenter && !s.spotlight) this.rooms.delete(roomId);
    if (this.shared) this.io.serverSideEmit(SYNC, roomId, s);
    this.io.to(roomId).emit(LIVE_EV.presenter, { presenter: s.presenter });
  }

  /** Tells a new arrival who presents and what the spotlight shows. */
  joined(socket: Socket, s: LiveSession): void {
    socket.data.peerId = s.peerId;
    const live = this.rooms.get(s.roomId);
    socket.emit(LIVE_EV.presenter, { presenter: live?.presenter ?? null });
    if (live?.presenter && live.spotlight) socket.emit(LIVE_EV.spotlight, { query: live.spotlight, by: live.presenter.memberId });
  }

  /** The presenter's connection went away: stop presenting unless that page is back within the grace time. */
  left(s: LiveSession): void {
    const p = this.presenter(s.roomId);
    if (!p || p.peerId !== s.peerId) return;
    const timer = setTimeout(async () => {
      const now = this.presenter(s.roomId);
      if (!now || now.peerId !== p.peerId) return;
      const sockets = await this.io.in(s.roomId).fetchSockets();
      if (sockets.some((x) => x.data?.peerId === p.peerId)) return;
      const st = this.state(s.roomId);
      st.presenter = null;
      st.spotlight = null;
      this.publish(s.roomId, st);
    }, this.graceMs);
    timer.unref?.();
  }

  bind(socket: Socket, session: () => LiveSession | null, on: On, refuse: Refuse): void {
    on(LIVE_EV.present, PresentSchema, async (v, ack) => {
      const s = session();
      if (!s) return refuse(LIVE_EV.present, "room.not-joined", "join a room first", ack);
      const r = await this.present(s, v.on);
      if (!r.ok) return refuse(LIVE_EV.present, r.code, r.error, ack);
      ack?.(r);
    });

    on(LIVE_EV.spotlight, SpotlightSchema, async (v, ack) => {
      const s = session();
      if (!s) return refuse(LIVE_EV.spotlight, "room.not-joined", "join a room first", ack);
      const p = this.presenter(s.roomId);
      const me = await this.roomsApi.member(s.roomId, s.memberId);
      if (!me) return refuse(LIVE_EV.spotlight, "room.removed", "you are not a member of this room", ack);
      if (!p || p.memberId !== s.memberId) return refuse(LIVE_EV.spotlight, "room.not-presenter", "only the presenter can spotlight a path", ack);
      const st = this.state(s.roomId);
      st.spotlight = v.query;
      if (this.shared) this.io.serverSideEmit(SYNC, s.roomId, st);
      socket.to(s.roomId).emit(LIVE_EV.spotlight, { query: v.query, by: s.memberId });
      ack?.({ ok: true });
    });

    on(LIVE_EV.history, HistoryRequestSchema, async (v, ack) => {
      const s = session();
      if (!s) return refuse(LIVE_EV.history, "room.not-joined", "join a room first", ack);
      const page = await this.history(s.roomId, s.memberId, v);
      if (!page.ok) return refuse(LIVE_EV.history, page.code, page.error, ack);
      ack?.(page);
    });
  }

  /** Starts or stops presenting; only the owner may, and the server decides. */
  async present(s: LiveSession, on: boolean): Promise<CommandAck> {
    const me = await this.roomsApi.member(s.roomId, s.memberId);
    if (!me) return fail("room.removed", "you are not a member of this room");
    if (me.role !== "owner") return fail("room.not-owner", "only the owner can present");
    const st = this.state(s.roomId);
    st.presenter = on ? { memberId: me.memberId, peerId: s.peerId, name: me.name } : null;
    st.spotlight = null;
    this.log.info({ roomId: s.roomId, presenting: on }, "presenter changed");
    this.publish(s.roomId, st);
    return { ok: true };
  }

  /**
   * One page of the op log for replay, with who made each op and when. Only the owner may read it:
   * the log shows every edit of every member.
   */
  async history(roomId: string, memberId: string, req: HistoryRequest): Promise<HistoryAck> {
    const me = await this.roomsApi.member(roomId, memberId);
    if (!me) return fail("room.removed", "you are not a member of this room");
    if (me.role !== "owner") return fail("room.not-owner", "only the owner can read this room's history");
    const current = await this.roomsApi.current(roomId);
    const store = this.roomsApi.store;
    const oldest = await store.oldestSnapshot(roomId);
    if (!current || !oldest) return fail("room.missing", "no such room");
    const head = current.seq;
    let after = req.after;
    let base: { seq: number; doc: typeof oldest.doc } | null = null;
    if (after === undefined || after < oldest.seq) {
      base = oldest;
      after = oldest.seq;
    }
    const limit = req.limit ?? DEFAULT_HISTORY_PAGE;
    const rows = after >= head ? [] : (await store.opsAfter(roomId, after, Math.min(limit, head - after))).filter((o) => o.seq <= head);
    const names = new Map((await store.listMembers(roomId)).map((m) => [m.memberId, m.name]));
    const ops = rows.map((o) => ({
      seq: o.seq,
      op: o.op,
      clientId: o.clientId,
      memberId: o.memberId,
      name: o.name ?? names.get(o.memberId) ?? "someone",
      at: o.at ?? null,
      ...(o.command ? { command: o.command } : {}),
    }));
    const last = ops.at(-1)?.seq ?? after;
    return { ok: true, head, base, ops, more: last < head };
  }
}
