/** Schema version 2: VMs, hypervisor networks, the migration from version 1, and the machine ops. */
import { describe, expect, it } from "vitest";
import { createWorld, loadDoc, SCHEMA_VERSION, seededIds, serializeDoc } from "../../lib/model";
import { World } from "../world";

describe("schema version 2", () => {
  it("loads a version-1 document unchanged apart from empty hypervisor tables", () => {
    const v1 = JSON.parse(serializeDoc(createWorld(seededIds(3), 0)));
    v1.schemaVersion = 1;
    v1.natNetworks = undefined;
    v1.hostOnlyNetworks = undefined;
    v1.libvirtNetworks = undefined;
    const res = loadDoc(JSON.parse(JSON.stringify(v1)));
    expect(res.ok && res.doc.schemaVersion).toBe(SCHEMA_VERSION);
    expect(SCHEMA_VERSION).toBe(2);
    if (!res.ok) return;
    expect(res.doc.natNetworks).toEqual({});
    expect(res.doc.machines["m-host"]).toEqual(v1.machines["m-host"]);
  });

  it("round-trips a document with VMs and hypervisor networks", () => {
    const lab = new World().hostOnly().natNetwork("natnet1", "10.0.9.0/24").libvirtDefault().vm("vm1").natpf("vm1", 1, "ssh,tcp,,2222,,22").start("vm1");
    const back = loadDoc(JSON.parse(serializeDoc(lab.doc)));
    expect(back.ok).toBe(true);
    if (back.ok) expect(back.doc).toEqual(lab.doc);
  });

  it("rejects a VM with more than four adapters", () => {
    const lab = new World().vm("vm1");
    const bad = JSON.parse(serializeDoc(lab.doc));
    bad.machines["m-vm1"].vm.adapters.push(bad.machines["m-vm1"].vm.adapters[0]);
    const res = loadDoc(bad);
    expect(res.ok).toBe(false);
  });
});

describe("machine and LAN ops", () => {
  it("lan.create normalises the subnet and checks the router", () => {
    const lab = new World().op({ type: "lan.create", id: "lan-2", name: "office", subnet: "10.1.0.7/16", router: "10.1.0.1", internet: false });
    expect(lab.doc.lans["lan-2"]?.subnet).toBe("10.1.0.0/16");
    expect(lab.try({ type: "lan.create", id: "lan-3", name: "x", subnet: "10.2.0.0/16", router: "10.3.0.1", internet: false })).toEqual({
      ok: false,
      error: "router 10.3.0.1 is not in 10.2.0.0/16",
    });
  });

  it("machine.create gives a host eth0 and, with an engine, Docker's three networks", () => {
    const lab = new World().host("pc", "192.168.1.20/24", true);
    const pc = lab.doc.machines["m-pc"];
    expect(pc?.nics).toEqual([{ name: "eth0", lanId: "lan-1", address: "192.168.1.20/24" }]);
    const nets = Object.values(lab.doc.networks)
      .filter((n) => n.machineId === "m-pc")
      .map((n) => n.name);
    expect(nets).toEqual(["bridge", "host", "none"]);
  });

  it("refuses an address another machine holds, and a duplicate name", () => {
    const lab = new World();
    expect(
      lab.try({
        type: "machine.create",
        id: "m-x",
        name: "x",
        kind: "host",
        lanId: "lan-1",
        address: "192.168.1.10/24",
        engineNetworkIds: null,
        vm: null,
        at: 1,
      }),
    ).toEqual({
      ok: false,
      error: "192.168.1.10 is already used on lan by host",
    });
    expect(
      lab.try({ type: "machine.create", id: "m-x", name: "host", kind: "host", lanId: null, address: null, engineNetworkIds: null, vm: null, at: 1 }).ok,
    ).toBe(false);
  });

  it("a new VirtualBox VM has adapter 1 on NAT and sshd; a KVM guest is on libvirt's default", () => {
    const lab = new World().vm("vb").vm("kv", { hypervisor: "kvm" });
    expect(lab.doc.machines["m-vb"]?.vm?.adapters.map((a) => a.mode)).toEqual(["nat", "none", "none", "none"]);
    expect(lab.doc.machines["m-vb"]?.nics).toEqual([{ name: "enp0s3", lanId: null, address: null }]);
    expect(lab.doc.machines["m-kv"]?.vm?.adapters[0]).toMatchObject({ mode: "libvirt", network: "default" });
    expect(lab.doc.machines["m-vb"]?.services).toEqual([{ port: 22, proto: "tcp" }]);
  });

  it("machine.remove refuses a host with VMs and a running VM, then removes what the machine held", () => {
    const lab = new World().vm("vm1", { engine: true }).start("vm1");
    expect(lab.try({ type: "machine.remove", machineId: "m-host" }).ok).toBe(false);
    expect(lab.try({ type: "machine.remove", machineId: "m-vm1" })).toEqual({ ok: false, error: "Cannot unregister the machine 'vm1' while it is locked" });
    lab.op({ type: "vm.poweroff", machineId: "m-vm1" }).op({ type: "machine.remove", machineId: "m-vm1" });
    expect(lab.doc.machines["m-vm1"]).toBeUndefined();
    expect(Object.values(lab.doc.networks).some((n) => n.machineId === "m-vm1")).toBe(false);
  });

  it("ip addr add on a VM's interface sticks until power-off", () => {
    const lab = new World().vm("vm1").nic("vm1", 1, "intnet").start("vm1");
    lab.op({ type: "machine.setAddress", machineId: "m-vm1", nic: "enp0s3", address: "10.9.9.9/24" });
    expect(lab.address("vm1", "enp0s3")).toBe("10.9.9.9");
    lab.op({ type: "vm.poweroff", machineId: "m-vm1" });
    expect(lab.address("vm1", "enp0s3")).toBeNull();
    expect(lab.try({ type: "machine.setAddress", machineId: "m-vm1", nic: "eth9", address: null })).toEqual({ ok: false, error: 'Cannot find device "eth9"' });
  });
});
