/** Loaded classes leave memory once idle with nobody online, and come back intact on their next use. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLASS_EV, type ClassCreateAck, type ClassJoinAck, type DashboardAck } from "../../lib/sync/events";
import type { Running } from "../../server/main";
import { ask, connect, start, until } from "./helpers";

let server: Running;
beforeAll(async () => {
  server = await start();
});
afterAll(async () => {
  await server.close();
});

describe("class memory", () => {
  it("unloads an idle class and loads it again on its next use", async () => {
    const teacher = connect(server.url);
    const made = await ask<ClassCreateAck>(teacher, CLASS_EV.create, { teacher: "T", exerciseId: "publish-8080", groupSize: 1 });
    if (!made.ok) throw new Error(made.error);
    const seat = await ask<ClassJoinAck>(connect(server.url), CLASS_EV.join, { code: made.code, name: "Ada" });
    expect(seat.ok).toBe(true);
    expect(server.classes.loadedClasses).toBe(1);
    server.classes.idleUnloadMs = 0;
    // Before: a loaded class stayed in memory until the process ended.
    await until(() => server.classes.loadedClasses === 0, 15_000, "the idle class to unload");
    const dash = await ask<DashboardAck>(teacher, CLASS_EV.dashboard, { classId: made.classId, teacherToken: made.teacherToken });
    expect(dash.ok && dash.state.rooms.length).toBe(1);
    teacher.disconnect();
  }, 30_000);
});
