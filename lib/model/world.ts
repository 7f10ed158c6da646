import type { IdSource } from "./ids";
import { type Doc, type Machine, type Network, SCHEMA_VERSION } from "./schema";

/** The LAN every fresh world starts on, and the host on it. */
const DEFAULT_LAN = { name: "lan", subnet: "192.168.1.0/24", router: "192.168.1.1" } as const;
const DEFAULT_HOST = { name: "host", address: "192.168.1.10/24" } as const;
export const DEFAULT_NAMESERVER = "192.168.1.1";

/** The networks every Docker Engine creates on first start. */
export function builtinNetworks(machineId: string, ids: IdSource, at: number, order: number): Network[] {
  const base = {
    machineId,
    scope: "local" as const,
    ipRange: null,
    subnetAuto: true,
    gatewayAuto: true,
    internal: false,
    attachable: false,
    labels: {},
    builtin: true,
    createdAt: at,
  };
  return [
    {
      ...base,
      id: ids.hex64(),
      name: "bridge",
      driver: "bridge",
      subnet: "172.17.0.0/16",
      gateway: "172.17.0.1",
      options: {
        "com.docker.network.bridge.default_bridge": "true",
        "com.docker.network.bridge.enable_icc": "true",
        "com.docker.network.bridge.enable_ip_masquerade": "true",
        "com.docker.network.bridge.host_binding_ipv4": "0.0.0.0",
        "com.docker.network.bridge.name": "docker0",
        "com.docker.network.driver.mtu": "1500",
      },
      order,
    },
    { ...base, id: ids.hex64(), name: "host", driver: "host", subnet: null, gateway: null, options: {}, order: order + 1 },
    { ...base, id: ids.hex64(), name: "none", driver: "null", subnet: null, gateway: null, options: {}, order: order + 2 },
  ];
}

export function newEngine(): NonNullable<Machine["engine"]> {
  return { portRange: [32768, 60999], lastPort: 60999, poolCursor: 1, nameservers: [DEFAULT_NAMESERVER] };
}

/**
 * A fresh world: one Linux host named `host` (192.168.1.10 on the LAN `lan`, whose router leads to the
 * internet) running a fresh Docker Engine with its three predefined networks.
 * @example createWorld(seededIds(1), 0).machines // { "m-host": { name: "host", ... } }
 */
export function createWorld(ids: IdSource, at: number): Doc {
  const lanId = "lan-1";
  const hostId = "m-host";
  const nets = builtinNetworks(hostId, ids, at, 3);
  const doc: Doc = {
    schemaVersion: SCHEMA_VERSION,
    title: "Untitled sandbox",
    clock: 5,
    lans: {
      [lanId]: { id: lanId, name: DEFAULT_LAN.name, subnet: DEFAULT_LAN.subnet, router: DEFAULT_LAN.router, internet: true, order: 1 },
    },
    machines: {
      [hostId]: {
        id: hostId,
        name: DEFAULT_HOST.name,
        kind: "host",
        nics: [{ name: "eth0", lanId, address: DEFAULT_HOST.address }],
        engine: newEngine(),
        order: 2,
      },
    },
    networks: Object.fromEntries(nets.map((n) => [n.id, n])),
    containers: {},
    layout: {},
  };
  return doc;
}
