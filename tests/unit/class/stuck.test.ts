import { describe, expect, it } from "vitest";
import { stuckCounts } from "../../../app/class/StuckSummary";
import type { RoomStatus } from "../../../lib/sync/class";

const room = (goals: boolean[], students = 1) =>
  ({ goals, students: Array.from({ length: students }, (_, i) => ({ name: `s${i}`, online: true })) }) as unknown as RoomStatus;

describe("stuckCounts", () => {
  it("counts each room at its first unmet goal, leaving out finished and empty rooms", () => {
    const rooms = [
      room([true, false, false]),
      room([true, false, true]),
      room([false, false, false]),
      room([true, true, true]),
      room([false, false, false], 0),
    ];
    expect(stuckCounts(rooms, 3)).toEqual([1, 2, 0]);
  });
});
