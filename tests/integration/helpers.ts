import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { io, type Socket } from "socket.io-client";
import type { Doc } from "../../lib/model";
import type { Op } from "../../lib/ops";
import { createRoom, SyncClient, type SyncClientOptions } from "../../lib/sync/client";
import { LIFTED_ADDRESS_LIMITS } from "../../server/limits";
import { type Running, type StartOptions, startServer } from "../../server/main";

export const tempDir = (prefix = "dockside-"): string => mkdtempSync(join(tmpdir(), prefix));

export async function start(opts: Partial<StartOptions> = {}): Promise<Running> {
  return startServer({
    port: 0,
    next: false,
    dataDir: tempDir(),
    logLevel: "silent",
    ...opts,
    // Every client here comes from loopback, thousands a minute: the per-address ceilings are lifted unless a test sets its own.
    socketLimits: { address: LIFTED_ADDRESS_LIMITS, ...opts.socketLimits },
  });
}

export function connect(url: string, extra: Record<string, unknown> = {}): Socket {
  return io(url, { transports: ["websocket"], forceNew: true, reconnectionDelay: 50, reconnectionDelayMax: 200, ...extra });
}

/** Resolves when `check` holds, polling; rejects after `ms`, saying `what` (a function: how things stood then). */
export async function until(check: () => boolean, ms = 10_000, what: string | (() => string) = "condition"): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${typeof what === "string" ? what : what()}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export async function newRoom(url: string, name = "Ada"): Promise<{ roomId: string; inviteCode: string; token: string }> {
  const s = connect(url);
  const made = await createRoom(s, { name });
  s.disconnect();
  if (!made.ok) throw new Error(made.error);
  return made;
}

export async function joined(url: string, opts: Omit<SyncClientOptions, "name"> & { name?: string }): Promise<{ client: SyncClient; socket: Socket }> {
  const socket = connect(url);
  const client = new SyncClient(socket, { name: "Guest", ...opts });
  client.start();
  await until(() => client.status === "joined" || client.status === "refused", 10_000, "join");
  return { client, socket };
}

/** Emits and waits for the acknowledgement. */
export function ask<T = unknown>(socket: Socket, event: string, ...args: unknown[]): Promise<T> {
  return socket.timeout(5000).emitWithAck(event, ...args) as Promise<T>;
}

export const title = (t: string): Op => ({ type: "doc.setTitle", title: t });
export const move = (id: string, x: number, y: number): Op => ({ type: "layout.move", id, position: { x, y } });
export const strip = (d: Doc | null): string => JSON.stringify(d);
