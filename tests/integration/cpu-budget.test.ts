/**
 * No event a client sends may hold the server's main thread: an exercise whose setup types a thousand
 * `docker run`s is built off the main thread (and refused when it runs too long) while people in other
 * rooms keep editing at full speed; a huge `doc.replace` is refused with a clear error.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLASS_EV, type ClassCreateAck, EV, type OpAck } from "../../lib/sync/events";
import type { Running } from "../../server/main";
import { ask, connect, move, newRoom, start } from "./helpers";

let server: Running;
beforeAll(async () => {
  server = await start({ builds: { timeoutMs: 3000 } });
});
afterAll(async () => {
  await server.close();
});

/** An exercise whose setup starts `n` containers, 40 per line. */
function heavyExercise(n: number) {
  const setup: string[] = [];
  for (let i = 0; i < n / 40; i++) setup.push(Array.from({ length: 40 }, (_, j) => `docker run -d --name c${i}_${j} alpine`).join("; "));
  return {
    id: "heavy",
    title: "Heavy",
    summary: "A lot of containers",
    instructions: "Look around.",
    level: "beginner",
    goals: [{ kind: "published", title: "t", hint: "h", container: "c0_0" }],
    setup,
    solution: ["docker ps"],
  };
}

describe("CPU budget per event", () => {
  it("builds a heavy exercise off the main thread: other rooms' edits stay fast, the build is refused past its time", async () => {
    const room = await newRoom(server.url);
    const bystander = connect(server.url);
    await ask(bystander, EV.join, { roomId: room.roomId, name: "Ada", token: room.token });
    const teacher = connect(server.url);
    const created = ask<ClassCreateAck>(teacher, CLASS_EV.create, { teacher: "T", exercise: heavyExercise(2000), groupSize: 1 });
    let done = false;
    void created.finally(() => {
      done = true;
    });
    const waits: number[] = [];
    for (let i = 0; !done; i++) {
      const t0 = performance.now();
      const ack = await ask<OpAck>(bystander, EV.op, { clientId: "b", key: `b${i}`, baseSeq: 0, op: move("m-host", i, 0) });
      waits.push(performance.now() - t0);
      expect(ack).toMatchObject({ committed: true });
      await new Promise((r) => setTimeout(r, 25));
    }
    expect(await created).toMatchObject({ ok: false, code: "exercise.too-slow" });
    // Before: the setup ran on the main thread for tens of seconds and every socket timed out.
    expect(waits.length).toBeGreaterThan(20);
    expect(Math.max(...waits)).toBeLessThan(1000);
    bystander.disconnect();
    teacher.disconnect();
  }, 30_000);

  it("refuses an edit that carries more than one op may, saying how large it was", async () => {
    const room = await newRoom(server.url);
    const s = connect(server.url);
    await ask(s, EV.join, { roomId: room.roomId, name: "Ada", token: room.token });
    const ack = await ask<OpAck>(s, EV.op, { clientId: "c", key: "big", baseSeq: 0, op: { type: "doc.setTitle", title: "x" } });
    expect(ack).toMatchObject({ committed: true });
    const current = await server.rooms.current(room.roomId);
    const doc = current?.doc as NonNullable<typeof current>["doc"];
    const layout = Object.fromEntries(Array.from({ length: 6000 }, (_, i) => [`${"f".repeat(60)}${String(i).padStart(4, "0")}`, { x: i, y: i }]));
    const huge = await ask<OpAck>(s, EV.op, { clientId: "c", key: "huge", baseSeq: 0, op: { type: "doc.replace", doc: { ...doc, layout } } });
    expect(huge).toMatchObject({ rejected: true, code: "op.too-large" });
    expect("reason" in huge && huge.reason).toMatch(/^doc\.replace: this edit carries \d+ KiB; one edit may carry at most 256 KiB$/);
    s.disconnect();
  });
});
