/**
 * Documents of a given number of canvas nodes (hosts, networks, containers), built with the same ops
 * the canvas and the terminal send, and laid out on a grid the way a person would arrange them.
 */
import { createWorld, type Doc, seededIds } from "../lib/model";
import { apply, networkCreateOp, type Op } from "../lib/ops";

/** Canvas nodes per host: the host, its default bridge, three user networks and 95 containers. */
const PER_HOST = 100;
const USER_NETS = 3;
const COLS = 10;
const CELL_W = 210;
const CELL_H = 110;
const CONTAINERS_Y = 232;
const HOST_W = 24 + COLS * CELL_W;
const HOST_GAP = 80;

function must(doc: Doc, op: Op): Doc {
  const r = apply(doc, op);
  if (!r.ok) throw new Error(`building the benchmark document: ${op.type}: ${r.error}`);
  return r.doc;
}

/**
 * A document that draws as `nodes` canvas nodes (a multiple of 100): `nodes / 100` hosts, each with
 * four bridge networks and 95 running containers, every fifth publishing a port.
 * @example Object.keys(canvasDoc(300).containers).length // 285
 */
export function canvasDoc(nodes: number, seed = 7): Doc {
  if (nodes < PER_HOST || nodes % PER_HOST !== 0) throw new Error(`canvasDoc: nodes must be a positive multiple of ${PER_HOST}, got ${nodes}`);
  const ids = seededIds(seed);
  let doc = createWorld(ids, 0);
  const hosts = nodes / PER_HOST;
  const hostCols = Math.ceil(Math.sqrt(hosts * 2));
  const containersPerHost = PER_HOST - 2 - USER_NETS;
  const rows = Math.ceil(containersPerHost / COLS);
  const hostH = CONTAINERS_Y + rows * CELL_H + 24;
  for (let h = 0; h < hosts; h++) {
    const machineId = h === 0 ? "m-host" : `m-bench${h}`;
    if (h > 0) {
      doc = must(doc, {
        type: "machine.create",
        id: machineId,
        name: `host${h}`,
        kind: "host",
        lanId: "lan-1",
        address: `192.168.1.${20 + h}/24`,
        engineNetworkIds: [ids.hex64(), ids.hex64(), ids.hex64()],
        vm: null,
        at: 0,
      });
    }
    const at = { x: (h % hostCols) * (HOST_W + HOST_GAP), y: Math.floor(h / hostCols) * (hostH + HOST_GAP) };
    doc = must(doc, { type: "layout.move", id: machineId, position: { ...at, w: HOST_W, h: hostH } });
    const nets = Object.values(doc.networks).filter((n) => n.machineId === machineId && n.name === "bridge");
    for (let i = 0; i < USER_NETS; i++) {
      const id = ids.hex64();
      doc = must(doc, networkCreateOp({ id, machineId, name: `net${i}`, at: 0 }));
      nets.push(doc.networks[id] as (typeof nets)[number]);
    }
    nets.forEach((n, i) => {
      doc = must(doc, { type: "layout.move", id: n.id, position: { x: 24 + i * (CELL_W + 60), y: 56 } });
    });
    for (let i = 0; i < containersPerHost; i++) {
      const id = ids.hex64();
      const net = nets[i % nets.length] as (typeof nets)[number];
      doc = must(doc, {
        type: "container.create",
        id,
        machineId,
        name: `c${i}`,
        image: ["nginx", "redis", "alpine", "postgres", "httpd"][i % 5] as string,
        command: [],
        interactive: true,
        tty: true,
        hostname: null,
        networkMode: net.name === "bridge" ? "default" : net.name,
        networks: [{ networkId: net.id, aliases: [], ipv4Address: null }],
        ports: i % 5 === 0 ? [{ hostIp: "", hostPort: String(20000 + i), containerPort: 80, proto: "tcp" }] : [],
        publishAll: false,
        expose: [],
        links: [],
        listens: null,
        autoRemove: false,
        at: i,
      });
      doc = must(doc, { type: "container.start", containerId: id, at: i });
      doc = must(doc, { type: "layout.move", id, position: { x: 24 + (i % COLS) * CELL_W, y: CONTAINERS_Y + Math.floor(i / COLS) * CELL_H } });
    }
  }
  // The LAN too: a saved document has every record placed, so opening it lays nothing out.
  doc = must(doc, { type: "layout.move", id: "lan-1", position: { x: 0, y: -200 } });
  return { ...doc, title: `Benchmark: ${nodes} nodes` };
}
