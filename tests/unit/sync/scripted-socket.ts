import type { SyncSocket } from "../../../lib/sync/client";
import type { JoinAck } from "../../../lib/sync/events";

/** The server's answer to a join that succeeded, as an editor with nothing stored yet; `extra` overrides. */
export function joinAck(extra: Partial<Extract<JoinAck, { ok: true }>> = {}): JoinAck {
  return {
    ok: true,
    roomId: "r",
    memberId: "memberaaaa",
    token: "t".repeat(26),
    role: "editor",
    locked: false,
    inviteCode: null,
    snapshot: null,
    ops: [],
    members: [],
    ...extra,
  };
}

/** A socket whose far end is the test: it records emits and lets the test answer and push events. */
export class ScriptedSocket implements SyncSocket {
  connected = false;
  /** Whether socket.io recovered the connection state on the last connect. */
  recovered = false;
  sent: { event: string; payload: unknown; ack?: (a: unknown) => void }[] = [];
  private listeners = new Map<string, Set<(...a: unknown[]) => void>>();
  connect() {
    this.connected = true;
    this.push("connect");
  }
  disconnect() {
    this.connected = false;
    this.push("disconnect");
  }
  emit(event: string, payload: unknown, ack?: (a: unknown) => void) {
    this.sent.push({ event, payload, ...(ack ? { ack } : {}) });
    return true;
  }
  on(event: string, fn: (...a: unknown[]) => void) {
    if (!this.listeners.has(event)) this.listeners.set(event, new Set());
    this.listeners.get(event)?.add(fn);
  }
  off(event: string, fn?: (...a: unknown[]) => void) {
    if (fn) this.listeners.get(event)?.delete(fn);
  }
  push(event: string, ...args: unknown[]) {
    for (const fn of this.listeners.get(event) ?? []) fn(...args);
  }
  /** Removes and returns the first emit on `event`; throws when there is none. */
  take(event: string) {
    const i = this.sent.findIndex((s) => s.event === event);
    const [hit] = this.sent.splice(i, 1);
    if (i < 0 || !hit) throw new Error(`nothing sent on ${event}`);
    return hit;
  }
  count(event: string) {
    return this.sent.filter((s) => s.event === event).length;
  }
}
