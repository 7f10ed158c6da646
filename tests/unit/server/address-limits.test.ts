import { describe, expect, it } from "vitest";
import { AddressLimits, DEFAULT_ADDRESS_LIMITS } from "../../../server/limits";

describe("per-address ceilings", () => {
  it("caps the rooms one address makes in a day, however slowly it makes them", () => {
    let now = 0;
    const limits = new AddressLimits({ ...DEFAULT_ADDRESS_LIMITS, createBurst: 2, createsPerSecond: 1, createsPerDay: 5 }, () => now);
    const made: boolean[] = [];
    // One room every ten seconds never trips the per-second bucket; the day's allowance still runs out.
    for (let i = 0; i < 8; i++) {
      made.push(limits.take("10.0.0.1", "create"));
      now += 10_000;
    }
    expect(made).toEqual([true, true, true, true, true, false, false, false]);
    // Another address is not held back by this one.
    expect(limits.take("10.0.0.2", "create")).toBe(true);
    // A day on, the allowance is back.
    now += 86_400_000;
    expect(limits.take("10.0.0.1", "create")).toBe(true);
  });

  it("keeps what an address used after it disconnects and reconnects", () => {
    let now = 0;
    const limits = new AddressLimits({ ...DEFAULT_ADDRESS_LIMITS, createBurst: 100, createsPerSecond: 100, createsPerDay: 2 }, () => now);
    limits.open("10.0.0.1");
    expect([limits.take("10.0.0.1", "create"), limits.take("10.0.0.1", "create")]).toEqual([true, true]);
    limits.close("10.0.0.1");
    now += 60_000;
    limits.open("10.0.0.1");
    expect(limits.take("10.0.0.1", "create")).toBe(false);
  });
});
