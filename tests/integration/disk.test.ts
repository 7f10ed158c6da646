import { afterEach, describe, expect, it } from "vitest";
import { digest64 } from "../../lib/model";
import { networkCreateOp } from "../../lib/ops";
import { CLASS_EV, type ClassCreateAck, EV, type OpAck } from "../../lib/sync/events";
import type { Running } from "../../server/main";
import { ask, connect, newRoom, start, tempDir } from "./helpers";

// No disk on this machine has this much free, so the server sees its real disk as nearly full.
const MORE_THAN_ANY_DISK = Number.MAX_SAFE_INTEGER;

let server: Running | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

describe("a nearly full disk", () => {
  it("refuses new rooms and classes with the device's words, and says how much is free", async () => {
    server = await start({ minFreeDiskBytes: MORE_THAN_ANY_DISK });
    const s = connect(server.url);
    const room = await ask<{ ok: boolean; code?: string; error?: string }>(s, EV.create, { name: "Ada" });
    expect(room).toMatchObject({ ok: false, code: "disk.full" });
    expect(room.error).toMatch(/^No space left on device: the server's disk has \d+ MiB free/);
    const cls = await ask<ClassCreateAck>(s, CLASS_EV.create, { teacher: "Ms Hopper", exerciseId: "publish-8080", groupSize: 1 });
    expect(cls).toMatchObject({ ok: false, code: "disk.full" });
    s.disconnect();
  });

  it("keeps an existing room working: edits that add data are refused, the rest still commit", async () => {
    const dataDir = tempDir();
    server = await start({ dataDir });
    const made = await newRoom(server.url);
    await server.close();
    server = await start({ dataDir, minFreeDiskBytes: MORE_THAN_ANY_DISK });
    const s = connect(server.url);
    await ask(s, EV.join, { roomId: made.roomId, name: "Ada", token: made.token });
    const send = (key: string, op: unknown) => ask<OpAck>(s, EV.op, { clientId: "c", key, baseSeq: 0, op });
    const grow = await send("n1", networkCreateOp({ id: digest64("n1"), machineId: "m-host", name: "net1", at: 1 }));
    expect(grow).toMatchObject({ rejected: true, code: "disk.full" });
    expect("reason" in grow && grow.reason).toMatch(/^No space left on device/);
    // A shorter title shrinks the document: it is saved.
    expect(await send("t1", { type: "doc.setTitle", title: "x" })).toMatchObject({ committed: true });
    s.disconnect();
  });

  it("has no effect while the disk has room", async () => {
    server = await start({ minFreeDiskBytes: 0 });
    const s = connect(server.url);
    expect(await ask<{ ok: boolean }>(s, EV.create, { name: "Ada" })).toMatchObject({ ok: true });
    s.disconnect();
  });
});
