/**
 * Ops that make or change a record take the record's fields from its schema (`container.create` and
 * `container.update` from ContainerSchema, `image.add` from ImageSchema, `natnetwork.create` and
 * `hostonly.create` from theirs): ops stored in rooms before that, of the same shape, still validate
 * as they are, and the schemas stay strict and bounded.
 */
import { describe, expect, it } from "vitest";
import { OpSchema } from "../../../lib/ops";

const HEX = "a".repeat(64);

/** A `container.create` as `docker run` sends it and a room stores it, every optional field set. */
const STORED_CREATE = {
  type: "container.create",
  id: HEX,
  machineId: "m-host",
  name: "web",
  image: "nginx:1.27",
  command: ["nginx", "-g", "daemon off;"],
  interactive: true,
  tty: true,
  hostname: "www",
  networkMode: "appnet",
  networks: [{ networkId: "n-app", aliases: ["front"], ipv4Address: "172.18.0.5" }],
  ports: [{ hostIp: "", hostPort: "8080", containerPort: 80, proto: "tcp" }],
  publishAll: false,
  expose: ["81/tcp"],
  links: [{ target: "c-db", alias: "db" }],
  listens: [{ port: 80, proto: "tcp" }],
  autoRemove: false,
  mounts: [{ type: "volume", source: "data", target: "/data", readOnly: false, via: "bind-flag" }],
  dependsOn: [{ target: "c-db", condition: "service_started", required: true }],
  spec: {
    env: ["A=1"],
    restart: { name: "always", maxRetries: 0 },
    resources: { memory: 64 * 1024 * 1024, memorySwap: 0, nanoCpus: 0, cpuShares: 0, pidsLimit: null },
  },
  at: 1_700_000_000_000,
};

/** The same with only the required fields, as the palette sends it for a plain container. */
const { mounts: _m, dependsOn: _d, spec: _s, ...PLAIN_CREATE } = STORED_CREATE;

describe("container.create's schema", () => {
  it("accepts a stored op of today's shape, unchanged", () => {
    expect(OpSchema.parse(STORED_CREATE)).toEqual(STORED_CREATE);
    expect(OpSchema.parse(PLAIN_CREATE)).toEqual(PLAIN_CREATE);
  });

  it("refuses the record's fields an op does not set, and unknown ones", () => {
    for (const extra of [{ state: "running" }, { endpoints: [] }, { order: 1 }, { createdAt: 0 }, { paused: true }, { colour: "red" }]) {
      expect(OpSchema.safeParse({ ...STORED_CREATE, ...extra }).success, JSON.stringify(extra)).toBe(false);
    }
  });

  it("requires what it required and keeps the bounds", () => {
    for (const key of ["machineId", "name", "image", "command", "networks", "ports", "links", "listens", "autoRemove", "at"] as const) {
      const { [key]: _, ...missing } = STORED_CREATE;
      expect(OpSchema.safeParse(missing).success, key).toBe(false);
    }
    for (const bad of [{ id: "c-web" }, { name: "n".repeat(129) }, { image: "" }, { hostname: "h".repeat(256) }, { expose: Array(257).fill("80") }]) {
      expect(OpSchema.safeParse({ ...STORED_CREATE, ...bad }).success, JSON.stringify(bad).slice(0, 40)).toBe(false);
    }
  });
});

describe("container.update's schema", () => {
  const update = {
    type: "container.update",
    containerId: "c-web",
    image: "nginx",
    command: ["sh"],
    hostname: null,
    listens: null,
    restart: { name: "on-failure", maxRetries: 3 },
    resources: { memory: 128 * 1024 * 1024, memorySwap: -1, nanoCpus: 500_000_000, cpuShares: 0, pidsLimit: 100 },
  };

  it("accepts a stored op of today's shape, every field optional", () => {
    expect(OpSchema.parse(update)).toEqual(update);
    expect(OpSchema.parse({ type: "container.update", containerId: "c-web" })).toEqual({ type: "container.update", containerId: "c-web" });
  });

  it("refuses unknown fields and out-of-bound values", () => {
    expect(OpSchema.safeParse({ ...update, name: "other" }).success).toBe(false);
    expect(OpSchema.safeParse({ ...update, image: "" }).success).toBe(false);
    expect(OpSchema.safeParse({ ...update, restart: { name: "sometimes", maxRetries: 0 } }).success).toBe(false);
  });
});

describe("image.add, natnetwork.create and hostonly.create's schemas", () => {
  const imageAdd = {
    type: "image.add",
    machineId: "m-host",
    imageId: HEX,
    tags: ["app:latest"],
    parent: "b".repeat(64),
    created: 1_700_000_000_000,
    comment: "",
    config: { User: "", Env: ["PATH=/bin"], Entrypoint: null, Cmd: ["sh"], WorkingDir: "", ExposedPorts: [], Volumes: ["/data"], StopSignal: "", Labels: {} },
    history: [{ createdBy: "/bin/sh -c echo hi > /a", size: 3, empty: false, created: 1_700_000_000_000, layer: "c".repeat(64), files: { "/a": "hi\n" } }],
    base: "busybox",
    digests: [`localhost:5000/app@sha256:${"d".repeat(64)}`],
  };
  const nat = { type: "natnetwork.create", id: "nat-1", hostId: "m-host", name: "NatNetwork", network: "10.0.2.0/24", enabled: true, dhcp: true };
  const hostOnly = { type: "hostonly.create", id: "ho-1", hostId: "m-host", name: "vboxnet0", address: "192.168.56.1/24", dhcp: true };

  it("accept stored ops of today's shape, unchanged", () => {
    for (const op of [imageAdd, nat, hostOnly]) expect(OpSchema.parse(op)).toEqual(op);
  });

  it("refuse the record's fields an op does not set, and keep the bounds", () => {
    expect(OpSchema.safeParse({ ...imageAdd, order: 3 }).success).toBe(false);
    expect(OpSchema.safeParse({ ...imageAdd, comment: "c".repeat(201) }).success).toBe(false);
    expect(OpSchema.safeParse({ ...nat, portForwards: [] }).success).toBe(false);
    expect(OpSchema.safeParse({ ...nat, network: "1".repeat(19) }).success).toBe(false);
    expect(OpSchema.safeParse({ ...hostOnly, dhcpLower: "192.168.56.101" }).success).toBe(false);
    expect(OpSchema.safeParse({ ...hostOnly, name: "vboxnet0-is-too-long" }).success).toBe(false);
  });
});
