/**
 * Round trips: importing an export gives back an equivalent world (same networks, names, addresses,
 * ports, aliases and reachability), for every corpus file and for worlds built op by op.
 */
import { describe, expect, it } from "vitest";
import { exportCompose, exportScript, parseCompose } from "../../lib/compose";
import { type Doc, seededIds } from "../../lib/model";
import { apply, networkCreateOp, type Op } from "../../lib/ops";
import { corpusFiles, describe as describeWorld, fresh, HOST, importCompose, readCorpus } from "./helpers";

function reimport(doc: Doc): Doc {
  const text = exportCompose(doc, HOST);
  const parsed = parseCompose(text, { dirName: "elsewhere" });
  if (!parsed.ok) throw new Error(`${parsed.error}\n${text}`);
  const { up } = importCompose(text, { dirName: "elsewhere" });
  if (!up.ok) throw new Error(`${up.error}\n${text}`);
  return up.doc;
}

function expectEquivalent(a: Doc, b: Doc): void {
  const first = describeWorld(a);
  const second = describeWorld(b, HOST, first.names);
  expect(second).toEqual(first);
}

describe("compose file -> document -> compose file -> document", () => {
  for (const file of corpusFiles()) {
    const { up } = importCompose(readCorpus(file));
    if (!up.ok) continue;
    it(file, () => {
      const again = reimport(up.doc);
      expectEquivalent(up.doc, again);
      // A second export of the re-imported world reads the same (the export is a fixed point).
      expect(exportCompose(again, HOST).split("\n").slice(1)).toEqual(exportCompose(reimport(again), HOST).split("\n").slice(1));
    });
  }
});

/** A world made the way the terminal makes it: ops, not compose. */
function built(): Doc {
  let doc = fresh();
  const ids = seededIds(99);
  const net = (name: string, extra: Partial<Extract<Op, { type: "network.create" }>> = {}) => {
    const id = ids.hex64();
    run(networkCreateOp({ id, machineId: HOST, name, at: 5 }, extra));
    return id;
  };
  const ctr = (name: string, image: string, extra: Partial<Extract<Op, { type: "container.create" }>> = {}) => {
    const id = ids.hex64();
    run({
      type: "container.create",
      id,
      machineId: HOST,
      name,
      image,
      command: [],
      interactive: false,
      tty: false,
      hostname: null,
      networkMode: "default",
      networks: [],
      ports: [],
      publishAll: false,
      expose: [],
      links: [],
      listens: null,
      autoRemove: false,
      at: 6,
      ...extra,
    });
    run({ type: "container.start", containerId: id, at: 7 });
    return id;
  };
  function run(op: Op) {
    const r = apply(doc, op);
    if (!r.ok) throw new Error(r.error);
    doc = r.doc;
  }
  const bridge = Object.values(doc.networks).find((n) => n.name === "bridge")?.id as string;
  const front = net("front");
  const back = net("back-net", { internal: true, subnet: "10.20.0.0/24", gateway: "10.20.0.254" });
  const db = ctr("db", "postgres", { networkMode: "back-net", networks: [{ networkId: back, aliases: ["database"], ipv4Address: "10.20.0.9" }] });
  const api = ctr("api", "myorg/api:1", {
    networkMode: "front",
    networks: [
      { networkId: front, aliases: [], ipv4Address: null },
      { networkId: back, aliases: ["backend"], ipv4Address: null },
    ],
    ports: [{ hostIp: "127.0.0.1", hostPort: "3000", containerPort: 3000, proto: "tcp" }],
    listens: [{ port: 3000, proto: "tcp" }],
    hostname: "api-host",
  });
  ctr("web", "nginx", {
    networkMode: "front",
    networks: [{ networkId: front, aliases: ["www"], ipv4Address: null }],
    ports: [
      { hostIp: "", hostPort: "80", containerPort: 80, proto: "tcp" },
      { hostIp: "", hostPort: "", containerPort: 443, proto: "tcp" },
    ],
  });
  ctr("legacy", "busybox", { command: ["sleep", "1d"], networks: [{ networkId: bridge, aliases: [], ipv4Address: null }] });
  ctr("probe", "busybox", { command: ["sleep", "1d"], networkMode: `container:${api}` });
  ctr("agent", "prom/node-exporter", { networkMode: "host", listens: [{ port: 9100, proto: "tcp" }] });
  void db;
  return doc;
}

describe("a world built op by op", () => {
  it("survives export to compose.yaml and back", () => {
    const doc = built();
    const text = exportCompose(doc, HOST);
    expect(text).toContain("container_name: api");
    expect(text).toContain("network_mode: service:api");
    expect(text).toContain("- 127.0.0.1:3000:3000/tcp");
    expectEquivalent(doc, reimport(doc));
  });

  it("notices when an export loses an alias or a port (the comparison is not vacuous)", () => {
    const doc = built();
    const again = reimport(doc);
    const web = Object.values(again.containers).find((c) => c.name === "web");
    if (!web) throw new Error("web missing");
    const lostAlias = apply(again, { type: "container.setAliases", containerId: web.id, networkId: web.endpoints[0]?.networkId as string, aliases: [] });
    const lostPort = apply(again, { type: "container.setPorts", containerId: web.id, ports: [] });
    if (!lostAlias.ok || !lostPort.ok) throw new Error("setup failed");
    const first = describeWorld(doc);
    expect(describeWorld(lostAlias.doc, HOST, first.names)).not.toEqual(first);
    expect(describeWorld(lostPort.doc, HOST, first.names)).not.toEqual(first);
  });

  it("writes a docker CLI script that names every network and container", () => {
    const script = exportScript(built(), HOST);
    expect(script.split("\n").slice(0, 3)).toEqual(["#!/bin/sh", expect.stringMatching(/^# /), "set -e"]);
    expect(script).toContain("docker network create --subnet 10.20.0.0/24 --gateway 10.20.0.254 --internal back-net\n");
    expect(script).toContain("docker create --name db --network back-net --network-alias database --ip 10.20.0.9 postgres\n");
    expect(script).toContain("docker network connect --alias backend back-net api\n");
    expect(script).toContain("docker create --name probe --network container:api busybox sleep 1d\n");
    expect(script).toContain("-p 127.0.0.1:3000:3000/tcp");
    expect(script).toContain("docker start web\n");
  });
});
