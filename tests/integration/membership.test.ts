/**
 * Membership that sticks and ceilings that hold across connections: back-to-back joins leave no ghost,
 * one member's tabs cannot fill a room or lock its owner out, a removed member cannot come back through
 * the old invite links, a viewer link makes a viewer, and an address gets no fresh allowance by reconnecting.
 */
import type { Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EV, type InviteAck, type InviteMessage, type JoinAck, type OpAck } from "../../lib/sync/events";
import type { Running } from "../../server/main";
import { DEFAULT_SOCKET_LIMITS } from "../../server/sockets";
import { ask, connect, newRoom, start, until } from "./helpers";

let server: Running;
const open: Socket[] = [];
const sock = (extra: Record<string, unknown> = {}) => {
  const s = connect(server.url, { reconnection: false, ...extra });
  open.push(s);
  return s;
};
beforeAll(async () => {
  server = await start({
    limits: { maxRoomClients: 4, maxMemberConnections: 3 },
    socketLimits: {
      ...DEFAULT_SOCKET_LIMITS,
      admissionBurst: 100,
      admissionsPerSecond: 100,
      syncBurst: 2,
      syncsPerSecond: 0.5,
      address: { ...DEFAULT_SOCKET_LIMITS.address, createBurst: 6, createsPerSecond: 0.01 },
    },
  });
});
afterAll(async () => {
  for (const s of open) s.disconnect();
  await server.close();
});

const join = (s: Socket, body: Record<string, unknown>) => ask<JoinAck>(s, EV.join, { name: "P", ...body });

describe("membership", () => {
  it("leaves no ghost after joins sent back to back", async () => {
    const room = await newRoom(server.url);
    for (let i = 0; i < 4; i++) {
      const s = sock();
      const [a, b] = await Promise.all([join(s, { roomId: room.roomId, invite: room.inviteCode }), join(s, { roomId: room.roomId, invite: room.inviteCode })]);
      expect([a.ok, b.ok]).toEqual([true, true]);
      s.disconnect();
    }
    await new Promise((r) => setTimeout(r, 100));
    // Before: each double join left one connection counted for good, and the fourth room slot was gone.
    const acks = [];
    for (let i = 0; i < 4; i++) acks.push(await join(sock(), { roomId: room.roomId, invite: room.inviteCode }));
    expect(acks.map((a) => a.ok)).toEqual([true, true, true, true]);
  });

  it("caps one member's connections, replaces a tab's stale one, and always lets the owner in", async () => {
    const room = await newRoom(server.url);
    const first = await join(sock(), { roomId: room.roomId, invite: room.inviteCode });
    if (!first.ok) throw new Error(first.error);
    const acks = [];
    for (let i = 1; i < 4; i++) acks.push(await join(sock(), { roomId: room.roomId, token: first.token, clientId: `tab${i}` }));
    expect(acks.map((a) => a.ok)).toEqual([true, true, false]);
    expect(acks[2]).toMatchObject({ code: "room.too-many-tabs" });
    // Fill the room with others, then the owner still gets in.
    const other = await join(sock(), { roomId: room.roomId, invite: room.inviteCode });
    expect(other.ok).toBe(true);
    expect((await join(sock(), { roomId: room.roomId, invite: room.inviteCode })).ok).toBe(false);
    expect((await join(sock(), { roomId: room.roomId, token: room.token })).ok).toBe(true);
  });

  it("replaces a tab's old connection when the same tab joins again", async () => {
    const room = await newRoom(server.url);
    const a = sock();
    const first = await join(a, { roomId: room.roomId, invite: room.inviteCode, clientId: "tab" });
    if (!first.ok) throw new Error(first.error);
    const b = sock();
    expect((await join(b, { roomId: room.roomId, token: first.token, clientId: "tab" })).ok).toBe(true);
    await until(() => !a.connected, 3000, "the stale connection to close");
    const m = await server.rooms.members(room.roomId);
    expect(m?.members.find((x) => x.memberId === first.memberId)?.online).toBe(true);
  });

  it("removal revokes: the old invite link stops working, the owner learns the new one, and can rotate it", async () => {
    const room = await newRoom(server.url);
    const owner = sock();
    expect((await join(owner, { roomId: room.roomId, token: room.token })).ok).toBe(true);
    const invites: string[] = [];
    owner.on(EV.invite, (m: InviteMessage) => invites.push(m.inviteCode));
    const eve = await join(sock(), { roomId: room.roomId, invite: room.inviteCode, name: "Eve" });
    if (!eve.ok) throw new Error(eve.error);
    expect(await ask(owner, EV.remove, { memberId: eve.memberId })).toEqual({ ok: true });
    expect(await join(sock(), { roomId: room.roomId, token: eve.token })).toMatchObject({ ok: false, code: "room.removed" });
    expect(await join(sock(), { roomId: room.roomId, invite: room.inviteCode, name: "Eve" })).toMatchObject({ ok: false, code: "room.denied" });
    await until(() => invites.length === 1, 3000, "the new invite code");
    expect((await join(sock(), { roomId: room.roomId, invite: invites[0] })).ok).toBe(true);
    const rotated = await ask<InviteAck>(owner, EV.invite, {});
    if (!rotated.ok) throw new Error(rotated.error);
    expect(await join(sock(), { roomId: room.roomId, invite: invites[0] })).toMatchObject({ ok: false, code: "room.denied" });
    expect((await join(sock(), { roomId: room.roomId, invite: rotated.inviteCode })).ok).toBe(true);
    const editor = sock();
    expect((await join(editor, { roomId: room.roomId, invite: rotated.inviteCode })).ok).toBe(true);
    expect(await ask(editor, EV.invite, {})).toMatchObject({ ok: false, code: "room.not-owner" });
  });

  it("invites per role: a viewer link makes a viewer, only the owner sees the codes, and rotation or removal retires both links", async () => {
    const room = await newRoom(server.url);
    const owner = sock();
    const own = await join(owner, { roomId: room.roomId, token: room.token });
    if (!own.ok) throw new Error(own.error);
    const viewerCode = own.viewerInviteCode as string;
    expect(viewerCode).toMatch(/^[a-z2-7]{16}$/);
    expect(viewerCode).not.toBe(room.inviteCode);
    const messages: InviteMessage[] = [];
    owner.on(EV.invite, (m: InviteMessage) => messages.push(m));

    const vic = sock();
    const viewer = await join(vic, { roomId: room.roomId, invite: viewerCode, name: "Vic" });
    expect(viewer).toMatchObject({ ok: true, role: "viewer", inviteCode: null, viewerInviteCode: null });
    const refused = await ask<OpAck>(vic, EV.op, { clientId: "v", key: "v1", baseSeq: 0, op: { type: "doc.setTitle", title: "mine" } });
    expect(refused).toMatchObject({ rejected: true, code: "room.read-only" });
    const ed = await join(sock(), { roomId: room.roomId, invite: room.inviteCode, name: "Ed" });
    expect(ed).toMatchObject({ ok: true, role: "editor", inviteCode: null });
    const members = await server.rooms.members(room.roomId);
    expect(members?.members.find((m) => m.name === "Vic")?.role).toBe("viewer");

    // Rotating replaces both codes; the old links let nobody in, the new viewer link still makes viewers.
    const rotated = await ask<InviteAck>(owner, EV.invite, {});
    if (!rotated.ok) throw new Error(rotated.error);
    expect(rotated.viewerInviteCode).not.toBe(viewerCode);
    await until(() => messages.length === 1, 3000, "the new invite codes");
    expect(messages[0]).toEqual({ inviteCode: rotated.inviteCode, viewerInviteCode: rotated.viewerInviteCode });
    expect(await join(sock(), { roomId: room.roomId, invite: viewerCode })).toMatchObject({ ok: false, code: "room.denied" });
    expect(await join(sock(), { roomId: room.roomId, invite: room.inviteCode })).toMatchObject({ ok: false, code: "room.denied" });
    expect(await join(sock(), { roomId: room.roomId, invite: rotated.viewerInviteCode })).toMatchObject({ ok: true, role: "viewer" });

    // Removing someone retires the viewer link as well as the editor link.
    if (!viewer.ok) throw new Error(viewer.error);
    expect(await ask(owner, EV.remove, { memberId: viewer.memberId })).toEqual({ ok: true });
    await until(() => messages.length === 2, 3000, "the codes after a removal");
    expect(await join(sock(), { roomId: room.roomId, invite: rotated.viewerInviteCode })).toMatchObject({ ok: false, code: "room.denied" });
    expect(await join(sock(), { roomId: room.roomId, invite: messages[1]?.viewerInviteCode, name: "Vi2" })).toMatchObject({ ok: true, role: "viewer" });
  });

  it("limits room:sync per socket", async () => {
    const room = await newRoom(server.url);
    const s = sock();
    expect((await join(s, { roomId: room.roomId, token: room.token })).ok).toBe(true);
    const acks = [];
    for (let i = 0; i < 3; i++) acks.push(await ask<{ ok: boolean; code?: string }>(s, EV.sync, { since: 0 }));
    expect(acks.map((a) => a.ok)).toEqual([true, true, false]);
    expect(acks[2]).toMatchObject({ code: "rate.limited" });
  });

  it("limits room creation per address across connections", async () => {
    const made = [];
    for (let i = 0; i < 8; i++) {
      const s = sock();
      made.push(await ask<{ ok: boolean; code?: string; error?: string }>(s, EV.create, { name: "Spam" }));
      s.disconnect();
    }
    const refused = made.filter((m) => !m.ok);
    expect(refused.length).toBeGreaterThanOrEqual(2);
    expect(refused[0]).toMatchObject({ code: "rate.limited", error: "too many rooms created from your address; wait a little" });
    const room = await newRoom(server.url).catch(() => null);
    expect(room).toBeNull();
  });
});
