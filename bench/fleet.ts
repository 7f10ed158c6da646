/**
 * A large multi-machine document for scale tests and the sim benchmark: 20 hosts on one LAN, 40
 * VirtualBox VMs (per host one on NAT + host-only, one bridged), every machine running Docker, and
 * `containers` running containers spread over the 60 engines' default bridges. The first container
 * of each VM is nginx publishing 8080, which the NAT VMs forward from their host's 8080.
 */
import { type Container, type Doc, formatIp, parseIp } from "../lib/model";
import { World } from "../tests/world";

export function generateFleet(containers = 2000, hosts = 20): Doc {
  const lab = new World(3);
  lab.op({ type: "lan.create", id: "lan-big", name: "campus", subnet: "10.64.0.0/16", router: "10.64.0.1", internet: true });
  const hostIds = ["m-host"];
  for (let i = 1; i < hosts; i++) {
    const id = `m-h${i}`;
    lab.op({
      type: "machine.create",
      id,
      name: `h${i}`,
      kind: "host",
      lanId: "lan-big",
      address: `10.64.${i >> 8}.${(i & 255) + 10}/16`,
      engineNetworkIds: [lab.ids.hex64(), lab.ids.hex64(), lab.ids.hex64()],
      vm: null,
      at: 0,
    });
    hostIds.push(id);
  }
  for (const [i, hostId] of hostIds.entries()) {
    lab.op({ type: "hostonly.create", id: `ho-${i}`, hostId, name: "vboxnet0", address: "192.168.56.1/24", dhcp: true });
    for (const kind of ["nat", "bridged"] as const) {
      const name = `vm${i}${kind === "nat" ? "a" : "b"}`;
      lab.vm(name, { engine: true, host: hostId });
      if (kind === "nat") lab.nic(name, 2, "hostonly", { hostOnly: "vboxnet0" }).natpf(name, 1, "web,tcp,,8080,,8080");
      else lab.nic(name, 1, "bridged", { bridge: "eth0" });
      lab.start(name);
    }
  }
  const doc = structuredClone(lab.doc);
  const engines = Object.values(doc.machines)
    .filter((m) => m.engine)
    .sort((a, b) => a.order - b.order);
  const bridges = engines.map((m) => Object.values(doc.networks).find((n) => n.machineId === m.id && n.name === "bridge"));
  const next = engines.map(() => parseIp("172.17.0.2") as number);
  const images = ["nginx", "redis", "alpine", "postgres", "httpd"];
  for (let i = 0; i < containers; i++) {
    const e = i % engines.length;
    const machine = engines[e] as (typeof engines)[number];
    const bridge = bridges[e];
    if (!bridge) throw new Error(`no bridge on ${machine.name}`);
    const ip = formatIp(next[e] as number);
    next[e] = (next[e] as number) + 1;
    const id = lab.ids.hex64();
    const c: Container = {
      id,
      machineId: machine.id,
      name: `c${i}`,
      image: i < engines.length ? "nginx" : (images[i % images.length] as string),
      command: [],
      interactive: true,
      tty: true,
      state: "running",
      exitCode: 0,
      hostname: null,
      networkMode: "default",
      endpoints: [{ networkId: bridge.id, aliases: [], ipv4Address: null, ip }],
      ports: i < engines.length && machine.vm ? [{ hostIp: "", hostPort: "8080", containerPort: 80, proto: "tcp", assigned: 8080 }] : [],
      publishAll: false,
      expose: [],
      links: [],
      listens: null,
      autoRemove: false,
      createdAt: i,
      startedAt: i,
      finishedAt: 0,
      order: ++doc.clock,
    };
    doc.containers[id] = c;
  }
  return doc;
}
