import { describe, expect, it } from "vitest";
import { createWorld, type Doc, seededIds } from "../../../lib/model";
import { apply, diffDocs, invertOp, networkCreateOp, type Op, OpSchema, type OpType, restoreOp } from "../../../lib/ops";
import { Shell, ShellContext } from "../../../lib/shell";
import { applied, World } from "../../world";

const T = 5_000;

/** One document with something of every kind, so every op kind has a target. */
function base(): { doc: Doc; ids: Record<string, string> } {
  const lab = new World(3);
  const id = () => lab.ids.hex64();
  const app = id();
  const back = id();
  const web = id();
  const db = id();
  const vol = id();
  const net = (nid: string, name: string, subnet: string | null): Op => networkCreateOp({ id: nid, machineId: "m-host", name, at: T }, { subnet });
  const container = (cid: string, name: string, networks: string[], hostPort: string, then: Op[] = []): Op[] => [
    {
      type: "container.create",
      id: cid,
      machineId: "m-host",
      name,
      image: "nginx",
      command: [],
      interactive: false,
      tty: false,
      hostname: null,
      networkMode: "appnet",
      networks: networks.map((networkId) => ({ networkId, aliases: [], ipv4Address: null })),
      ports: [{ hostIp: "", hostPort, containerPort: 80, proto: "tcp" }],
      publishAll: false,
      expose: [],
      links: [],
      listens: null,
      autoRemove: false,
      at: T,
    },
    ...then,
  ];
  lab
    .op(net(app, "appnet", "10.5.0.0/24"))
    .op(net(back, "backnet", null))
    .op({ type: "volume.create", id: vol, machineId: "m-host", name: "data", driver: "local", labels: {}, anonymous: false, at: T });
  for (const op of container(web, "web", [app], "8080", [{ type: "container.start", containerId: web, at: T }])) lab.op(op);
  for (const op of container(db, "db", [app, back], "")) lab.op(op);
  lab
    .op({ type: "layout.move", id: web, position: { x: 40, y: 200 } })
    .host("pc", "192.168.1.20/24")
    .vm("vm1")
    .vm("vm2")
    .nic("vm1", 1, "nat")
    .natpf("vm1", 1, "ssh,tcp,,2222,,22")
    .start("vm1")
    .natNetwork("natnet1", "192.168.15.0/24")
    .libvirtDefault();
  return { doc: lab.doc, ids: { app, back, web, db, vol } };
}

const fwd = { name: "web", proto: "tcp", hostIp: "", hostPort: 8081, guestIp: "", guestPort: 80 } as const;

/** A valid op of each kind against `base()`. */
const CASES: Partial<Record<OpType, (ids: Record<string, string>) => Op>> = {
  "doc.setTitle": () => ({ type: "doc.setTitle", title: "Lab 1" }),
  "doc.replace": () => ({ type: "doc.replace", doc: createWorld(seededIds(99), 0) }),
  "doc.restore": () => ({ type: "doc.restore", changes: [{ path: ["title"], from: "Untitled sandbox", to: "Restored" }] }),
  "network.create": () => ({
    type: "network.create",
    id: "f".repeat(64),
    machineId: "m-host",
    name: "extra",
    driver: "bridge",
    subnet: null,
    gateway: null,
    ipRange: null,
    internal: true,
    attachable: false,
    options: {},
    labels: {},
    at: T,
  }),
  "network.remove": (i) => ({ type: "network.remove", networkId: i.back as string }),
  "network.connect": (i) => ({ type: "network.connect", containerId: i.web as string, networkId: i.back as string, aliases: ["w"], ipv4Address: null }),
  "network.disconnect": (i) => ({ type: "network.disconnect", containerId: i.web as string, networkId: i.app as string, force: false }),
  "container.create": (i) => ({
    type: "container.create",
    id: "e".repeat(64),
    machineId: "m-host",
    name: "cache",
    image: "redis",
    command: [],
    interactive: false,
    tty: false,
    hostname: null,
    networkMode: "default",
    networks: [{ networkId: i.app as string, aliases: [], ipv4Address: null }],
    ports: [],
    publishAll: true,
    expose: [],
    links: [{ target: i.web as string, alias: "w" }],
    listens: null,
    autoRemove: false,
    mounts: [{ type: "volume", source: "data", target: "/data", readOnly: false }],
    at: T,
  }),
  "volume.create": () => ({
    type: "volume.create",
    id: "d".repeat(64),
    machineId: "m-host",
    name: "logs",
    driver: "local",
    labels: {},
    anonymous: false,
    at: T,
  }),
  "volume.remove": (i) => ({ type: "volume.remove", volumeId: i.vol as string, force: false }),
  "files.set": (i) => ({
    type: "files.set",
    ownerId: i.web as string,
    entries: { "/tmp": { t: "d", mode: 0o1777, mtime: T }, "/tmp/x": { t: "f", data: "hello\n", mode: 0o644, mtime: T }, "/etc/motd": { t: "w" } },
  }),
  "image.add": () => ({
    type: "image.add",
    machineId: "m-host",
    imageId: "ab".repeat(32),
    tags: ["app:1"],
    parent: "",
    created: T,
    comment: "",
    config: { User: "", Env: [], Entrypoint: null, Cmd: ["sh"], WorkingDir: "", ExposedPorts: [], Volumes: [], StopSignal: "", Labels: {} },
    history: [{ createdBy: '/bin/sh -c #(nop)  CMD ["sh"]', size: 0, empty: true, created: T }],
  }),
  "container.start": (i) => ({ type: "container.start", containerId: i.db as string, at: T + 1 }),
  "container.exit": (i) => ({ type: "container.exit", containerId: i.web as string, exitCode: 3, at: T + 1 }),
  "container.kill": (i) => ({ type: "container.kill", containerId: i.web as string, at: T + 1 }),
  "container.log": (i) => ({ type: "container.log", containerId: i.web as string, lines: [{ at: T + 1, stream: "stdout", text: "hello" }] }),
  "container.pause": (i) => ({ type: "container.pause", containerId: i.web as string }),
  "container.stop": (i) => ({ type: "container.stop", containerId: i.web as string, at: T + 1 }),
  "container.remove": (i) => ({ type: "container.remove", containerId: i.web as string, force: true }),
  "container.rename": (i) => ({ type: "container.rename", containerId: i.web as string, name: "www" }),
  "container.update": (i) => ({ type: "container.update", containerId: i.web as string, image: "httpd", hostname: "h" }),
  "container.setPorts": (i) => ({
    type: "container.setPorts",
    containerId: i.web as string,
    ports: [{ hostIp: "", hostPort: "", containerPort: 80, proto: "tcp" }],
  }),
  "container.setAliases": (i) => ({ type: "container.setAliases", containerId: i.web as string, networkId: i.app as string, aliases: ["www"] }),
  "layout.move": (i) => ({ type: "layout.move", id: i.web as string, position: { x: 1, y: 2 } }),
  "layout.moveMany": (i) => ({
    type: "layout.moveMany",
    moves: [
      { id: i.web as string, position: { x: 5, y: 6 } },
      { id: "m-host", position: { x: 0, y: 0, w: 900, h: 500 } },
    ],
  }),
  "lan.create": () => ({ type: "lan.create", id: "lan-2", name: "office", subnet: "10.1.0.0/16", router: "10.1.0.1", internet: false }),
  "machine.create": () => ({
    type: "machine.create",
    id: "m-new",
    name: "new",
    kind: "host",
    lanId: "lan-1",
    address: "192.168.1.30/24",
    engineNetworkIds: ["a".repeat(64), "b".repeat(64), "c".repeat(64)],
    vm: null,
    at: T,
  }),
  "machine.remove": () => ({ type: "machine.remove", machineId: "m-pc" }),
  "machine.setAddress": () => ({ type: "machine.setAddress", machineId: "m-vm1", nic: "enp0s3", address: "10.9.9.9/24" }),
  "machine.setServices": () => ({ type: "machine.setServices", machineId: "m-pc", services: [{ port: 22, proto: "tcp" }] }),
  "vm.setAdapter": () => ({ type: "vm.setAdapter", machineId: "m-vm2", slot: 2, mode: "intnet", intnet: "lab" }),
  "vm.addPortForward": () => ({ type: "vm.addPortForward", machineId: "m-vm1", slot: 1, rule: fwd }),
  "vm.removePortForward": () => ({ type: "vm.removePortForward", machineId: "m-vm1", slot: 1, name: "ssh" }),
  "vm.start": () => ({ type: "vm.start", machineId: "m-vm2" }),
  "vm.poweroff": () => ({ type: "vm.poweroff", machineId: "m-vm1" }),
  "natnetwork.create": () => ({ type: "natnetwork.create", id: "nn-2", hostId: "m-host", name: "nat2", network: "10.0.3.0/24", enabled: true, dhcp: true }),
  "natnetwork.remove": () => ({ type: "natnetwork.remove", natNetworkId: "nn-natnet1" }),
  "natnetwork.addPortForward": () => ({ type: "natnetwork.addPortForward", natNetworkId: "nn-natnet1", rule: fwd }),
  "hostonly.create": () => ({ type: "hostonly.create", id: "ho-0", hostId: "m-host", name: "vboxnet0", address: "192.168.56.1/24", dhcp: true }),
  "libvirt.netDefine": () => ({
    type: "libvirt.netDefine",
    id: "lv-iso",
    hostId: "m-host",
    name: "isolated",
    bridge: "virbr1",
    address: "192.168.100.1/24",
    forward: "none",
    dhcpStart: null,
    dhcpEnd: null,
  }),
  "libvirt.netStart": () => ({ type: "libvirt.netStart", networkId: "lv-default" }),
  "libvirt.netDestroy": () => ({ type: "libvirt.netDestroy", networkId: "lv-default" }),
};

/**
 * Swarm ops carry ids and tokens the shell derives, so they come from the commands themselves: the
 * last command's single op, and the document it ran on.
 */
function viaShell(lines: [machine: string, line: string][]): { doc: Doc; op: Op } {
  let doc = new World(3).host("pc", "192.168.1.20/24", true).doc;
  let last: { doc: Doc; op: Op } | null = null;
  let token = "";
  for (const [machine, line] of lines) {
    const ctx = new ShellContext(doc, machine, seededIds(line.length));
    const before = ctx.doc;
    const out = new Shell(ctx).run(line.replace("TOKEN", token));
    if (out.exitCode !== 0) throw new Error(`${line}: ${out.stderr}`);
    token = /--token (\S+)/.exec(out.stdout)?.[1] ?? token;
    expect(out.ops.length).toBeGreaterThan(0);
    last = { doc: before, op: out.ops[out.ops.length - 1] as Op };
    doc = ctx.doc;
  }
  return last as { doc: Doc; op: Op };
}

const SWARM: [string, string][] = [
  ["m-host", "docker swarm init"],
  ["m-host", "docker network create -d overlay --attachable ov"],
  ["m-host", "docker service create --name s --replicas 2 --network ov nginx"],
];
const SHELL_CASES: Partial<Record<OpType, [string, string][]>> = {
  "swarm.init": SWARM.slice(0, 1),
  "swarm.join": [SWARM[0] as [string, string], ["m-pc", "docker swarm join --token TOKEN 192.168.1.10:2377"]],
  "swarm.leave": [...SWARM, ["m-host", "docker swarm leave --force"]],
  "overlay.create": SWARM.slice(0, 2),
  "service.create": SWARM,
  "service.scale": [...SWARM, ["m-host", "docker service scale s=3"]],
  "service.remove": [...SWARM, ["m-host", "docker service rm s"]],
  "container.unpause": [
    ["m-host", "docker run -d --name px busybox sleep 1d"],
    ["m-host", "docker pause px"],
    ["m-host", "docker unpause px"],
  ],
  "image.pull": [["m-host", "docker pull alpine"]],
  "image.tag": [
    ["m-host", "docker pull alpine"],
    ["m-host", "docker tag alpine mine:1"],
  ],
  "image.remove": [
    ["m-host", "docker pull alpine"],
    ["m-host", "docker rmi alpine"],
  ],
  "image.prune": [
    ["m-host", "docker pull alpine"],
    ["m-host", "docker pull busybox"],
    ["m-host", "docker tag busybox alpine"],
    ["m-host", "docker image prune -f"],
  ],
  "engine.configure": [
    ["m-host", `echo '{"insecure-registries": ["reg.lan:5000"]}' > /etc/docker/daemon.json`],
    ["m-host", "docker run -d --name up --restart always nginx"],
    ["m-host", "systemctl restart docker"],
  ],
  "image.digest": [
    ["m-host", "docker pull registry:2"],
    ["m-host", "docker run -d -p 5000:5000 --name registry registry:2"],
    ["m-host", "docker tag registry:2 localhost:5000/reg"],
    ["m-host", "docker push localhost:5000/reg"],
  ],
};

describe("invertOp", () => {
  const kinds = OpSchema.options.map((o) => o.shape.type.value);

  it("has a case for every op kind", () => {
    expect(kinds.filter((k) => !CASES[k] && !SHELL_CASES[k])).toEqual([]);
  });

  for (const [kind, lines] of Object.entries(SHELL_CASES)) {
    it(`${kind} (from the shell): apply, then its inverse, gives back an equal document`, () => {
      const { doc, op } = viaShell(lines);
      expect(op.type).toBe(kind);
      const after = applied(doc, op);
      const inverse = invertOp(doc, op);
      expect(inverse.length).toBeGreaterThan(0);
      expect(applied(after, ...JSON.parse(JSON.stringify(inverse)))).toEqual(doc);
    });
  }

  for (const [kind, make] of Object.entries(CASES)) {
    it(`${kind}: apply, then its inverse, gives back an equal document`, () => {
      const { doc, ids } = base();
      const op = make(ids);
      const prepared = kind === "libvirt.netStart" ? applied(doc, { type: "libvirt.netDestroy", networkId: "lv-default" }) : doc;
      const after = applied(prepared, op);
      expect(after).not.toEqual(prepared);
      const inverse = invertOp(prepared, op);
      expect(inverse.length).toBeGreaterThan(0);
      const back = applied(after, ...inverse);
      expect(back).toEqual(prepared);
      // The inverse travels as JSON, like every op.
      const wire = JSON.parse(JSON.stringify(inverse)) as Op[];
      expect(applied(after, ...wire)).toEqual(prepared);
    });
  }

  it("gives nothing for an op the document refuses or one that changes nothing", () => {
    const { doc, ids } = base();
    expect(invertOp(doc, { type: "network.remove", networkId: ids.app as string })).toEqual([]);
    expect(invertOp(doc, { type: "doc.setTitle", title: doc.title })).toEqual([]);
  });
});

describe("doc.restore", () => {
  it("refuses when someone changed the same field since, and names it", () => {
    const { doc, ids } = base();
    const op: Op = { type: "container.rename", containerId: ids.web as string, name: "www" };
    const after = applied(doc, op);
    const [undo] = invertOp(doc, op);
    const theirs = applied(after, { type: "container.rename", containerId: ids.web as string, name: "front" });
    expect(apply(theirs, undo)).toEqual({ ok: false, code: "restore.conflict", error: "container front (name) has changed since" });
  });

  it("says so when the record is gone", () => {
    const { doc, ids } = base();
    const op: Op = { type: "container.setPorts", containerId: ids.db as string, ports: [] };
    const after = applied(doc, op);
    const [undo] = invertOp(doc, op);
    const gone = applied(after, { type: "container.remove", containerId: ids.db as string, force: true });
    const r = apply(gone, undo);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/^container [0-9a-f]{12} \(ports\) has changed since$|no longer exists/);
  });

  it("keeps others' unrelated changes and lets counters move on", () => {
    const { doc, ids } = base();
    const op: Op = { type: "container.remove", containerId: ids.web as string, force: true };
    const after = applied(doc, op);
    const [undo] = invertOp(doc, op);
    // Someone else creates a network meanwhile: the clock and the pool cursor move on.
    const theirs = applied(after, CASES["network.create"]?.(ids) as Op);
    const back = applied(theirs, undo as Op);
    expect(back.containers[ids.web as string]).toEqual(doc.containers[ids.web as string]);
    expect(back.networks["f".repeat(64)]?.name).toBe("extra");
    expect(back.clock).toBe(theirs.clock);
  });

  it("refuses to bring back a container whose address or host port was taken meanwhile", () => {
    const { doc, ids } = base();
    const op: Op = { type: "container.remove", containerId: ids.web as string, force: true };
    const after = applied(doc, op);
    const [undo] = invertOp(doc, op);
    const web = doc.containers[ids.web as string];
    const taker = applied(
      applied(after, { ...(CASES["container.create"]?.(ids) as Op & { type: "container.create" }), links: [], publishAll: false, mounts: [] }),
      {
        type: "container.start",
        containerId: "e".repeat(64),
        at: T + 2,
      },
    );
    expect(taker.containers["e".repeat(64)]?.endpoints[0]?.ip).toBe(web?.endpoints[0]?.ip);
    const r = apply(taker, undo);
    expect(r).toEqual({ ok: false, code: "restore.conflict", error: `address ${web?.endpoints[0]?.ip} on network appnet is now used by cache` });
    const other = { ...(CASES["container.create"]?.(ids) as Op & { type: "container.create" }), name: "proxy", links: [], publishAll: false, mounts: [] };
    const onBack = { ...other, networkMode: "backnet", networks: [{ networkId: ids.back as string, aliases: [], ipv4Address: null }] };
    const withPort = applied(after, { ...onBack, ports: [{ hostIp: "", hostPort: "8080", containerPort: 80, proto: "tcp" }] });
    const started = applied(withPort, { type: "container.start", containerId: "e".repeat(64), at: T + 3 });
    expect(apply(started, undo)).toMatchObject({ ok: false, error: "host port 8080/tcp is now published by proxy" });
  });

  it("refuses paths outside the document and values the schema refuses", () => {
    const { doc, ids } = base();
    expect(apply(doc, { type: "doc.restore", changes: [{ path: ["schemaVersion"], from: 2, to: 3 }] })).toMatchObject({ ok: false, code: "restore.path" });
    expect(apply(doc, { type: "doc.restore", changes: [{ path: ["containers", "__proto__"], to: {} }] })).toMatchObject({ ok: false, code: "op.invalid" });
    const bad = { type: "doc.restore", changes: [{ path: ["containers", ids.web as string, "state"], from: "running", to: "dancing" }] };
    expect(apply(doc, bad)).toMatchObject({ ok: false, code: "restore.invalid", error: expect.stringContaining(`containers.${ids.web}.state`) });
  });

  it("diffs only what changed, field by field", () => {
    const { doc, ids } = base();
    const after = applied(doc, { type: "container.rename", containerId: ids.web as string, name: "www" });
    expect(diffDocs(after, doc)).toEqual([{ path: ["containers", ids.web, "name"], from: "www", to: "web" }]);
    expect(restoreOp(doc, doc)).toBeNull();
  });
});
