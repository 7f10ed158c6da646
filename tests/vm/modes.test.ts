/**
 * The VirtualBox manual's "Overview of Networking Modes" table, row by row: VM→Host, Host→VM,
 * VM1↔VM2, VM→LAN, LAN→VM, with NAT port forwarding where the table says "Port forward".
 */
import { describe, expect, it } from "vitest";
import { World } from "../world";

type Mode = "hostonly" | "intnet" | "bridged" | "nat" | "natnetwork";
type Cell = "+" | "-" | "pf";

/** Straight from the table (§9.1 of the networking notes). */
const TABLE: { mode: Mode; vmToHost: Cell; hostToVm: Cell; vmToVm: Cell; vmToLan: Cell; lanToVm: Cell }[] = [
  { mode: "hostonly", vmToHost: "+", hostToVm: "+", vmToVm: "+", vmToLan: "-", lanToVm: "-" },
  { mode: "intnet", vmToHost: "-", hostToVm: "-", vmToVm: "+", vmToLan: "-", lanToVm: "-" },
  { mode: "bridged", vmToHost: "+", hostToVm: "+", vmToVm: "+", vmToLan: "+", lanToVm: "+" },
  { mode: "nat", vmToHost: "+", hostToVm: "pf", vmToVm: "-", vmToLan: "+", lanToVm: "pf" },
  { mode: "natnetwork", vmToHost: "+", hostToVm: "pf", vmToVm: "+", vmToLan: "+", lanToVm: "pf" },
];

/** vm1 and vm2 on the host `host` (192.168.1.10), both with adapter 1 in `mode`; `pc` is another LAN host. */
function build(mode: Mode): World {
  const lab = new World().host("pc", "192.168.1.20/24").vm("vm1").vm("vm2");
  if (mode === "hostonly") lab.hostOnly();
  if (mode === "natnetwork") {
    lab.natNetwork("natnet1", "192.168.15.0/24");
    lab.op({
      type: "natnetwork.addPortForward",
      natNetworkId: "nn-natnet1",
      rule: { name: "ssh", proto: "tcp", hostIp: "", hostPort: 1022, guestIp: "192.168.15.4", guestPort: 22 },
    });
  }
  for (const vm of ["vm1", "vm2"]) {
    lab.nic(vm, 1, mode, { hostOnly: "vboxnet0", natNetwork: "natnet1", intnet: "intnet", bridge: "eth0" });
  }
  if (mode === "nat") lab.natpf("vm1", 1, "guestssh,tcp,,2222,,22");
  lab.start("vm1").start("vm2");
  if (mode === "intnet") {
    // No DHCP server on an internal network unless one is configured: addresses are set by hand.
    lab.op({ type: "machine.setAddress", machineId: "m-vm1", nic: "enp0s3", address: "10.10.10.1/24" });
    lab.op({ type: "machine.setAddress", machineId: "m-vm2", nic: "enp0s3", address: "10.10.10.2/24" });
  }
  return lab;
}

const HOST_ADDRESS: Record<Mode, string> = {
  hostonly: "192.168.56.1",
  intnet: "192.168.1.10",
  bridged: "192.168.1.10",
  nat: "192.168.1.10",
  natnetwork: "192.168.1.10",
};

/** Where a "Port forward" cell's rule listens, and for whom. */
const FORWARD: Partial<Record<Mode, string>> = { nat: "192.168.1.10:2222", natnetwork: "192.168.1.10:1022" };

function lastHop(res: { path: { id: string | null }[] }): string | null {
  return res.path.at(-1)?.id ?? null;
}

describe.each(TABLE)("VirtualBox $mode", (row) => {
  const lab = build(row.mode);
  const vm1 = () => lab.address("vm1", "enp0s3") as string;
  const vm2 = () => lab.address("vm2", "enp0s3") as string;

  it("VM→Host", () => {
    const res = lab.reach("vm1", HOST_ADDRESS[row.mode]);
    expect(res.verdict === "reachable", res.reason).toBe(row.vmToHost === "+");
    expect(res.path.every((h) => h.rule.length > 0)).toBe(true);
  });

  it("Host→VM", () => {
    const res = lab.reach("host", vm1(), 22);
    expect(res.verdict === "reachable", res.reason).toBe(row.hostToVm === "+");
    if (row.hostToVm === "pf") {
      const [, port] = (FORWARD[row.mode] as string).split(":");
      const fwd = lab.reach("host", `127.0.0.1`, Number(port));
      expect(fwd.verdict, fwd.reason).toBe("reachable");
      expect(lastHop(fwd)).toBe("m-vm1");
    }
  });

  it("VM1↔VM2", () => {
    const res = lab.reach("vm1", vm2(), 22);
    const reachedVm2 = res.verdict === "reachable" && lastHop(res) === "m-vm2";
    expect(reachedVm2, res.reason).toBe(row.vmToVm === "+");
    const back = lab.reach("vm2", vm1(), 22);
    expect(back.verdict === "reachable" && lastHop(back) === "m-vm1").toBe(row.vmToVm === "+");
  });

  it("VM→LAN", () => {
    const res = lab.reach("vm1", "192.168.1.20");
    expect(res.verdict === "reachable", res.reason).toBe(row.vmToLan === "+");
  });

  it("LAN→VM", () => {
    const res = lab.reach("pc", vm1(), 22);
    expect(res.verdict === "reachable", res.reason).toBe(row.lanToVm === "+");
    if (row.lanToVm === "pf") {
      const [ip, port] = (FORWARD[row.mode] as string).split(":");
      const fwd = lab.reach("pc", ip as string, Number(port));
      expect(fwd.verdict, fwd.reason).toBe("reachable");
      expect(lastHop(fwd)).toBe("m-vm1");
    }
  });
});
