/**
 * The presence half of a `SyncClient`: this person's cursor, selection and viewport going out, and
 * the other people in the room coming in. Presence is never stored or replayed, so it is sent
 * volatile (dropped rather than buffered when the connection is slow) and kept alive by repeating it.
 *
 * - Out: at most 30 times a second (the latest value wins), and again every 2 s while nothing changes,
 *   so a peer who joined meanwhile or missed a dropped packet still sees it.
 * - In: peers not heard of for 5 s disappear (a closed tab may never say goodbye).
 */
import type { Peer, SyncSocket } from "./client-types";
import { EV, type PeerPresence, type Presence } from "./events";

const PRESENCE_MIN_MS = 1000 / 30;
const PRESENCE_KEEPALIVE_MS = 2000;
const PEER_TIMEOUT_MS = 5000;

/**
 * Presence for one client. `canSend` says whether the room has admitted this client (presence sent
 * before that would be refused); `changed` is called whenever the list of peers changes.
 * @example const p = new PresenceClient(socket, clientId, Date.now, () => joined, render); p.start(); p.set(presence);
 */
export class PresenceClient {
  private peerMap = new Map<string, Peer>();
  private out: Presence | null = null;
  private sentAt = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private keepalive: ReturnType<typeof setInterval> | null = null;
  private sweeper: ReturnType<typeof setInterval> | null = null;

  constructor(
    private readonly socket: SyncSocket,
    private readonly clientId: string,
    private readonly now: () => number,
    private readonly canSend: () => boolean,
    private readonly changed: () => void,
  ) {}

  get peers(): readonly Peer[] {
    return [...this.peerMap.values()];
  }

  start(): void {
    this.sweeper = setInterval(() => this.sweep(), 1000);
    this.keepalive = setInterval(() => {
      if (this.out && this.now() - this.sentAt >= PRESENCE_KEEPALIVE_MS) this.flush();
    }, PRESENCE_KEEPALIVE_MS);
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    for (const t of [this.keepalive, this.sweeper]) if (t) clearInterval(t);
    this.timer = this.keepalive = this.sweeper = null;
  }

  /** Announces this person's cursor, selection and viewport (throttled to 30 Hz). */
  set(p: Presence): void {
    this.out = p;
    const wait = this.sentAt + PRESENCE_MIN_MS - this.now();
    if (wait <= 0) this.flush();
    else if (!this.timer) this.timer = setTimeout(() => this.flush(), wait);
  }

  /** Sends the last presence again, if any: a new connection starts with nobody knowing it. */
  resend(): void {
    if (this.out) this.flush();
  }

  onPeer(p: PeerPresence): void {
    if (p.peerId === this.clientId) return;
    this.peerMap.set(p.peerId, { ...p, seenAt: this.now() });
    this.changed();
  }

  onPeerLeave(peerId: string): void {
    if (this.peerMap.delete(peerId)) this.changed();
  }

  private flush(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    if (!this.out || !this.canSend()) return;
    this.sentAt = this.now();
    const target = this.socket.volatile ?? this.socket;
    target.emit(EV.presence, this.out);
  }

  private sweep(): void {
    const cutoff = this.now() - PEER_TIMEOUT_MS;
    let gone = false;
    for (const [id, p] of this.peerMap) {
      if (p.seenAt < cutoff) {
        this.peerMap.delete(id);
        gone = true;
      }
    }
    if (gone) this.changed();
  }
}
