/** The fleet document holds together at scale: leases, forwarding and isolation across 60 engines. */
import { describe, expect, it } from "vitest";
import { generateFleet } from "../../bench/fleet";
import { checkInvariants } from "../../lib/model";
import { reach, resolve } from "../../lib/sim";
import { isolation } from "../../lib/sim/vm";

describe("fleet of 20 hosts, 40 VMs, 2000 containers", () => {
  const doc = generateFleet();
  const r = resolve(doc);

  it("is a sound document", () => {
    expect(checkInvariants(doc)).toEqual([]);
    expect(Object.values(doc.machines).filter((m) => m.vm).length).toBe(40);
    expect(r.order.length).toBe(2000);
  });

  it("bridged VMs got distinct leases from .100 of their host's LAN", () => {
    const leases = Object.values(doc.machines)
      .filter((m) => m.vm && m.vm.adapters[0]?.mode === "bridged")
      .map((m) => m.vm?.adapters[0]?.lease);
    expect(new Set(leases).size).toBe(20);
    expect(leases.slice(0, 3)).toEqual(["192.168.1.100", "10.64.0.100", "10.64.0.101"]);
  });

  it("every host reaches its NAT VM's web container through the forwarded port", () => {
    const res = reach(r, { kind: "machine", id: "m-h7" }, "10.64.0.17", { port: 8080 });
    expect(res.verdict, res.reason).toBe("reachable");
    expect(res.path.some((h) => h.rule.includes("NAT port forwarding"))).toBe(true);
  });

  it("containers of different VMs on one host are separated by the hypervisor", () => {
    const [a, b] = ["m-vm3a", "m-vm3b"].map((m) => r.order.find((v) => v.c.machineId === m)?.c.id as string);
    expect(isolation(r, a as string, b as string).boundary).toBe("vm");
  });
});
