/** The canvas's machine level: LANs, VMs inside their host, NIC and adapter edges, overlays across hosts. */
import { describe, expect, it } from "vitest";
import { buildGraph } from "../../app/room/canvas/graph";
import { addHost, addLan, addVm, type IntentResult, isRefusal } from "../../lib/intents";
import { type Doc, seededIds } from "../../lib/model";
import { apply } from "../../lib/ops";
import { Shell } from "../../lib/shell";
import { resolve } from "../../lib/sim";

function world() {
  const s = Shell.fresh({ seed: 4 });
  for (const line of [
    "lab host add pc2",
    "docker swarm init --advertise-addr 192.168.1.10",
    "ssh pc2 docker swarm join --token $(docker swarm join-token -q worker) 192.168.1.10:2377",
    "docker network create -d overlay --attachable ov",
    "docker run -d --network ov --name one alpine sleep 1000",
    "ssh pc2 docker run -d --network ov --name two alpine sleep 1000",
    "VBoxManage createvm --name vm1 --register",
    "VBoxManage modifyvm vm1 --nic2 bridged --bridgeadapter2 eth0",
    "VBoxManage startvm vm1 --type headless",
    "lab vm add g1",
    "virsh start g1",
  ]) {
    const out = s.run(line);
    if (out.exitCode !== 0) throw new Error(`${line}: ${out.stderr}`);
  }
  return s.doc;
}

const byName = (doc: Doc, name: string) => Object.values(doc.machines).find((m) => m.name === name)?.id as string;

describe("buildGraph: machines", () => {
  const doc = world();
  const { nodes, edges } = buildGraph(doc, resolve(doc), new Set());
  const node = (id: string) => nodes.find((n) => n.id === id);

  it("draws LANs as nodes and each host NIC as an edge to its LAN labelled with the address", () => {
    expect(nodes.filter((n) => n.type === "lan").map((n) => n.ariaLabel)).toEqual(["LAN lan"]);
    const nic = edges.filter((e) => e.id.startsWith("nic|") && e.target === "lan-1" && e.sourceHandle === "nic").map((e) => e.label);
    expect(nic).toEqual(expect.arrayContaining(["eth0 192.168.1.10/24", "eth0 192.168.1.11/24"]));
  });

  it("puts a VM inside its host, its own networks inside the VM, and every parent before its children", () => {
    const vm1 = byName(doc, "vm1");
    const g1 = byName(doc, "g1");
    expect(node(vm1)).toMatchObject({ type: "host", parentId: "m-host", extent: "parent", ariaLabel: "VirtualBox virtual machine vm1" });
    expect(node(g1)).toMatchObject({ parentId: "m-host", ariaLabel: "KVM virtual machine g1" });
    const inner = nodes.filter((n) => n.parentId === vm1);
    expect(inner.map((n) => n.ariaLabel)).toContain("network bridge");
    const index = new Map(nodes.map((n, i) => [n.id, i]));
    for (const n of nodes) if (n.parentId) expect(index.get(n.parentId) as number).toBeLessThan(index.get(n.id) as number);
    // The host grows to hold its guests.
    const host = node("m-host");
    const guest = node(g1);
    expect((host?.width ?? 0) >= (guest?.position.x ?? 0) + (guest?.width ?? 0)).toBe(true);
    expect((host?.height ?? 0) >= (guest?.position.y ?? 0) + (guest?.height ?? 0)).toBe(true);
  });

  it("labels VM adapters with their mode: NAT and libvirt to the host, Bridged to the LAN", () => {
    const vm1 = byName(doc, "vm1");
    const g1 = byName(doc, "g1");
    const of = (id: string) => edges.filter((e) => e.source === id && e.id.startsWith("nic|")).map((e) => [e.target, e.label]);
    expect(of(vm1)).toEqual([
      ["m-host", "NIC 1 · NAT · 10.0.2.15"],
      ["lan-1", "NIC 2 · Bridged eth0 · 192.168.1.100"],
    ]);
    expect(of(g1)).toEqual([["m-host", "NIC 1 · libvirt default (NAT) · 192.168.122.2"]]);
  });

  it("draws an overlay once, outside every host, spanning the hosts that use it", () => {
    const ov = nodes.filter((n) => n.type === "network" && n.ariaLabel === "overlay network ov");
    expect(ov).toHaveLength(1);
    const o = ov[0];
    expect(o?.parentId).toBeUndefined();
    const pc2 = node(byName(doc, "pc2"));
    expect(o?.position.x).toBe(0);
    expect((o?.position.x ?? 0) + (o?.width ?? 0)).toBe((pc2?.position.x ?? 0) + (pc2?.width ?? 0));
    const one = Object.values(doc.containers).find((c) => c.name === "two");
    expect(edges.some((e) => e.source === one?.id && e.target === o?.id)).toBe(true);
  });
});

describe("palette ops for machines", () => {
  const ids = seededIds(9);
  const env = (doc: Doc) => ({ doc, ids, now: 0 });
  const run = (doc: Doc, ops: IntentResult): Doc => {
    if (isRefusal(ops)) throw new Error(ops.error);
    let d = doc;
    for (const op of ops) {
      const r = apply(d, op);
      if (!r.ok) throw new Error(r.error);
      d = r.doc;
    }
    return d;
  };

  it("a LAN, a host racked on it, and a KVM VM that brings libvirt's default network", () => {
    let doc = Shell.fresh({ seed: 1 }).doc;
    doc = run(doc, addLan(env(doc), { name: "lab2", subnet: "10.20.0.0/24", internet: false, at: { x: 500, y: -300 } }));
    const lan = Object.values(doc.lans).find((l) => l.name === "lab2");
    expect(lan).toMatchObject({ subnet: "10.20.0.0/24", router: "10.20.0.1", internet: false });
    expect(doc.layout[lan?.id as string]).toEqual({ x: 500, y: -300 });
    doc = run(doc, addHost(env(doc), { name: "pc2", lanId: lan?.id as string }));
    expect(Object.values(doc.machines).find((m) => m.name === "pc2")?.nics[0]?.address).toBe("10.20.0.10/24");
    doc = run(doc, addVm(env(doc), { name: "g1", hypervisor: "kvm", hostId: "m-host", at: { x: 30, y: 380 } }));
    expect(Object.values(doc.libvirtNetworks ?? {}).map((n) => `${n.name} ${n.bridge} ${n.address}`)).toEqual(["default virbr0 192.168.122.1/24"]);
    doc = run(doc, addVm(env(doc), { name: "g2", hypervisor: "kvm", hostId: "m-host" }));
    expect(Object.values(doc.libvirtNetworks ?? {})).toHaveLength(1);
    expect(addVm(env(doc), { name: "bad name", hypervisor: "virtualbox", hostId: "m-host" })).toEqual({ error: "invalid VM name: bad name", input: true });
    expect(addLan(env(doc), { name: "x", subnet: "10.0.0.0/33", internet: false })).toEqual({ error: "invalid subnet: 10.0.0.0/33", input: true });
  });
});
