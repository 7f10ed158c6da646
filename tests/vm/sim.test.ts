/** libvirt's default network, NAT port forwarding details, Docker inside a VM, and isolation. */
import { describe, expect, it } from "vitest";
import { ShellContext } from "../../lib/shell/context";
import { docker } from "../../lib/shell/docker";
import { buildReport, reach, resolve } from "../../lib/sim";
import { isolation, vmOnline } from "../../lib/sim/vm";
import { World } from "../world";

describe("libvirt default network (192.168.122.0/24 on virbr0, NAT)", () => {
  const lab = new World().host("pc", "192.168.1.20/24").libvirtDefault();
  lab.vm("g1", { hypervisor: "kvm" }).vm("g2", { hypervisor: "kvm" }).start("g1").start("g2");

  it("hands out DHCP leases from 192.168.122.2 in start order", () => {
    expect(lab.address("g1", "enp1s0")).toBe("192.168.122.2");
    expect(lab.address("g2", "enp1s0")).toBe("192.168.122.3");
    expect(lab.doc.machines["m-host"]?.nics.map((n) => n.name)).toEqual(["eth0", "virbr0"]);
  });

  it.each([
    ["host", "192.168.122.2", 22, "reachable", "host to guest: not NATed"],
    ["g1", "192.168.122.1", null, "reachable", "guest to host"],
    ["g1", "192.168.122.3", 22, "reachable", "guest to guest on the same network"],
    ["g1", "192.168.1.20", null, "reachable", "out to the LAN, masqueraded"],
    ["g1", "93.184.215.14", null, "reachable", "out to the internet (example.com)"],
    ["pc", "192.168.122.2", 22, "dropped", "inbound from other networks is prohibited"],
  ] as const)("%s → %s:%s is %s (%s)", (from, to, port, verdict, _why) => {
    const res = lab.reach(from, to, port);
    expect(res.verdict, res.reason).toBe(verdict);
  });

  it("explains the masquerade on the way out", () => {
    const rules = lab.reach("g1", "192.168.1.20").path.map((h) => h.rule);
    expect(rules.some((r) => r.includes("libvirt NAT"))).toBe(true);
  });

  it("an isolated network (no <forward>) leads nowhere", () => {
    const iso = new World().op({
      type: "libvirt.netDefine",
      id: "lv-iso",
      hostId: "m-host",
      name: "isolated",
      bridge: "virbr1",
      address: "192.168.100.1/24",
      forward: "none",
      dhcpStart: "192.168.100.2",
      dhcpEnd: "192.168.100.254",
    });
    iso.vm("g", { hypervisor: "kvm" }).nic("g", 1, "libvirt", { network: "isolated" }).start("g");
    expect(iso.reach("g", "192.168.100.1").verdict).toBe("reachable");
    expect(iso.reach("g", "192.168.1.1").verdict).toBe("no-route");
  });
});

describe("NAT details", () => {
  it("each NAT adapter gets its own private network: 10.0.2.15, then 10.0.3.15", () => {
    const lab = new World().vm("vm1").nic("vm1", 2, "nat").start("vm1");
    expect(lab.address("vm1", "enp0s3")).toBe("10.0.2.15");
    expect(lab.address("vm1", "enp0s8")).toBe("10.0.3.15");
  });

  it("two NAT VMs both get 10.0.2.15 and cannot reach each other", () => {
    const lab = new World().vm("vm1").vm("vm2").start("vm1").start("vm2");
    expect(lab.address("vm1", "enp0s3")).toBe("10.0.2.15");
    expect(lab.address("vm2", "enp0s3")).toBe("10.0.2.15");
    const res = lab.reach("vm1", "10.0.2.4", null);
    expect(res.verdict).toBe("dropped");
    expect(res.reason).toContain("vm1");
  });

  it("10.0.2.2 is the host's loopback and 10.0.2.3 the NAT name server", () => {
    const lab = new World().vm("vm1").start("vm1");
    const gw = lab.reach("vm1", "10.0.2.2");
    expect(gw.verdict).toBe("reachable");
    expect(gw.path.some((h) => h.rule.includes("loopback"))).toBe(true);
    expect(lab.reach("vm1", "10.0.2.3").verdict).toBe("reachable");
  });

  it("a rule bound to 127.0.0.1 serves only the host's loopback", () => {
    const lab = new World().host("pc", "192.168.1.20/24").vm("vm1").natpf("vm1", 1, "ssh,tcp,127.0.0.1,2222,,22").start("vm1");
    expect(lab.reach("host", "127.0.0.1", 2222).verdict).toBe("reachable");
    expect(lab.reach("pc", "192.168.1.10", 2222).verdict).toBe("refused");
  });

  it("a rule to a port nothing listens on is refused in the guest", () => {
    const lab = new World().vm("vm1").natpf("vm1", 1, "web,tcp,,8080,,80").start("vm1");
    const res = lab.reach("host", "127.0.0.1", 8080);
    expect(res.verdict).toBe("refused");
    expect(res.path.some((h) => h.rule.includes('NAT port forwarding rule "web"'))).toBe(true);
  });

  it("refuses duplicate rule names and host ports with VirtualBox's words", () => {
    const lab = new World().vm("vm1").natpf("vm1", 1, "ssh,tcp,,2222,,22");
    const rule = { name: "ssh", proto: "tcp" as const, hostIp: "", hostPort: 3333, guestIp: "", guestPort: 22 };
    expect(lab.try({ type: "vm.addPortForward", machineId: "m-vm1", slot: 1, rule })).toEqual({ ok: false, error: "A NAT rule of this name already exists" });
    expect(lab.try({ type: "vm.addPortForward", machineId: "m-vm1", slot: 1, rule: { ...rule, name: "x", hostPort: 2222 } })).toEqual({
      ok: false,
      error: "A NAT rule for this host port and this host IP already exists",
    });
  });

  it("a powered-off VM is reached by nothing and its leases are gone", () => {
    const lab = new World().vm("vm1").natpf("vm1", 1, "ssh,tcp,,2222,,22").start("vm1");
    lab.op({ type: "vm.poweroff", machineId: "m-vm1" });
    expect(lab.address("vm1", "enp0s3")).toBeNull();
    expect(lab.reach("host", "127.0.0.1", 2222).verdict).toBe("refused");
  });
});

describe("DHCP as VirtualBox hands it out", () => {
  it("NAT Network: .4, .5 in start order; host-only: .101, .102", () => {
    const lab = new World().natNetwork("natnet1", "192.168.15.0/24").hostOnly();
    for (const vm of ["a", "b"]) lab.vm(vm).nic(vm, 1, "natnetwork", { natNetwork: "natnet1" }).nic(vm, 2, "hostonly", { hostOnly: "vboxnet0" });
    lab.start("b").start("a");
    expect(lab.address("b", "enp0s3")).toBe("192.168.15.4");
    expect(lab.address("a", "enp0s3")).toBe("192.168.15.5");
    expect(lab.address("b", "enp0s8")).toBe("192.168.56.101");
    expect(lab.address("a", "enp0s8")).toBe("192.168.56.102");
    expect(lab.reach("a", "192.168.15.1").verdict).toBe("reachable");
  });

  it("bridged: a LAN address from .100 up, skipping ones in use", () => {
    const lab = new World().host("pc", "192.168.1.100/24").vm("vm1").nic("vm1", 1, "bridged", { bridge: "eth0" }).start("vm1");
    expect(lab.address("vm1", "enp0s3")).toBe("192.168.1.101");
    expect(lab.doc.machines["m-vm1"]?.nics[0]?.lanId).toBe("lan-1");
  });

  it("internal network: no address until one is set by hand", () => {
    const lab = new World().vm("vm1").nic("vm1", 1, "intnet").start("vm1");
    expect(lab.address("vm1", "enp0s3")).toBeNull();
    expect(lab.doc.machines["m-vm1"]?.vm?.adapters[0]?.intnet).toBe("intnet");
  });

  it("refuses to start with a host-only adapter that does not exist", () => {
    const lab = new World().vm("vm1").nic("vm1", 1, "hostonly", { hostOnly: "vboxnet7" });
    expect(lab.try({ type: "vm.start", machineId: "m-vm1" })).toEqual({
      ok: false,
      error: "Nonexistent host networking interface, name 'vboxnet7' (VERR_INTERNAL_ERROR)",
    });
    expect(lab.doc.machines["m-vm1"]?.vm?.state).toBe("poweroff");
  });

  it("refuses to reconfigure a running VM", () => {
    const lab = new World().vm("vm1").start("vm1");
    const res = lab.try({ type: "vm.setAdapter", machineId: "m-vm1", slot: 1, mode: "bridged" });
    expect(res).toEqual({ ok: false, error: "The machine 'vm1' is already locked for a session (or being unlocked)" });
  });
});

describe("Docker inside a VM", () => {
  function build(): World {
    const lab = new World().host("pc", "192.168.1.20/24").hostOnly().vm("vm1", { engine: true });
    lab.nic("vm1", 2, "hostonly", { hostOnly: "vboxnet0" }).natpf("vm1", 1, "web,tcp,,8080,,8080").start("vm1");
    const ctx = new ShellContext(lab.doc, "m-vm1", lab.ids, () => 5_000);
    const out = docker(ctx, ["run", "-d", "--name", "web", "-p", "8080:80", "nginx"]);
    expect(out.exitCode, out.stderr).toBe(0);
    lab.doc = ctx.doc;
    return lab;
  }

  it.each([
    ["host", "192.168.56.101", 8080, "reachable", "host-only address of the VM, published port"],
    ["host", "127.0.0.1", 8080, "reachable", "the VM's NAT port forward, then the published port"],
    ["pc", "192.168.1.10", 8080, "reachable", "the LAN through the host's forwarded port"],
    ["pc", "192.168.56.101", 8080, "dropped", "host-only is invisible from the LAN"],
    ["host", "172.17.0.2", 80, "dropped", "container addresses inside a VM are not routed from the host"],
  ] as const)("%s → %s:%s is %s (%s)", (from, to, port, verdict, _why) => {
    const res = lab().reach(from, to, port);
    expect(res.verdict, res.reason).toBe(verdict);
    if (verdict === "reachable") expect(res.reason).toContain("web");
  });
  let cached: World | null = null;
  const lab = () => {
    cached ??= build();
    return cached;
  };

  it("a container in the VM reaches the LAN through the VM's NAT", () => {
    const web = Object.values(lab().doc.containers)[0]?.id as string;
    const out = buildReport(lab().doc);
    expect(out.containers[0]?.machine).toBe("vm1");
    const ping = reachFrom(lab(), web, "192.168.1.20");
    expect(ping.verdict, ping.reason).toBe("reachable");
    expect(ping.path.map((h) => h.id)).toContain("m-host");
  });

  it("powering the VM off stops its containers", () => {
    const l = build().op({ type: "vm.poweroff", machineId: "m-vm1" });
    expect(Object.values(l.doc.containers)[0]?.state).toBe("exited");
  });
});

function reachFrom(lab: World, containerId: string, target: string) {
  return reach(resolve(lab.doc), { kind: "container", id: containerId }, target, { port: null });
}

describe("isolation", () => {
  const lab = new World().host("pc", "192.168.1.20/24", true).vm("vm1", { engine: true }).vm("vm2").start("vm1").start("vm2");
  const a = new ShellContext(lab.doc, "m-host", lab.ids, () => 5_000);
  docker(a, ["run", "-d", "--name", "one", "nginx"]);
  docker(a, ["run", "-d", "--name", "two", "nginx"]);
  const b = new ShellContext(a.doc, "m-vm1", lab.ids, () => 5_000);
  docker(b, ["run", "-d", "--name", "inner", "nginx"]);
  const doc = b.doc;
  const id = (name: string) => Object.values(doc.containers).find((c) => c.name === name)?.id as string;

  it.each([
    ["one", "two", true, "namespace"],
    ["one", "m-host", true, "namespace"],
    ["inner", "m-vm1", true, "namespace"],
    ["one", "inner", false, "vm"],
    ["m-vm1", "m-vm2", false, "vm"],
    ["m-host", "m-vm1", false, "vm"],
    ["inner", "m-pc", false, "machine"],
    ["m-vm2", "m-pc", false, "machine"],
  ] as const)("%s / %s: same kernel %s, boundary %s", (x, y, same, boundary) => {
    const r = resolve(doc);
    const res = isolation(r, doc.containers[id(x)] ? id(x) : x, doc.containers[id(y)] ? id(y) : y);
    expect(res.sameKernel).toBe(same);
    expect(res.boundary).toBe(boundary);
    expect(res.reason.length).toBeGreaterThan(10);
  });

  it("shows in the resolve report", () => {
    const rows = buildReport(doc).isolation;
    expect(rows.find((r) => r.a === "host" && r.b === "vm1")).toMatchObject({ sameKernel: false, boundary: "vm" });
    expect(rows.find((r) => r.a === "one" && r.b === "two")).toMatchObject({ sameKernel: true, boundary: "namespace" });
  });
});

describe("vmOnline", () => {
  it.each([
    ["nat", true],
    ["bridged", true],
    ["hostonly", false],
    ["intnet", false],
  ] as const)("a VM on %s is online: %s", (mode, online) => {
    const lab = new World().hostOnly().vm("vm1").nic("vm1", 1, mode, { hostOnly: "vboxnet0", bridge: "eth0" }).start("vm1");
    expect(vmOnline(resolve(lab.doc), "m-vm1")).toBe(online);
  });

  it("a powered-off VM is not", () => {
    expect(vmOnline(resolve(new World().vm("vm1").doc), "m-vm1")).toBe(false);
  });
});
