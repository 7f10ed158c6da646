/**
 * Intents on local networks: make one (`docker network create`, the palette's network item) and attach
 * a container to one (`docker network connect`, a drag from a container to a network, the inspector).
 * Neither refuses on its own: the daemon's checks are the ops' (a taken name, a clashing subnet).
 */
import { type NetworkCreateOp, networkCreateOp, type Op } from "../ops";
import { type At, type IntentEnv, placeAt } from "./intent";

/** A bridge, macvlan or ipvlan network on `machineId`; what is not given is the daemon's default. */
interface CreateNetwork extends Partial<Pick<NetworkCreateOp, "driver" | "subnet" | "gateway" | "ipRange" | "internal" | "attachable" | "options" | "labels">> {
  machineId: string;
  name: string;
  at?: At;
}

/**
 * @example createNetwork(env, { machineId: "m-host", name: "appnet" }) // [{ type: "network.create", driver: "bridge", subnet: null, ... }]
 */
export function createNetwork(env: IntentEnv, req: CreateNetwork): Op[] {
  const { machineId, name, at, ...settings } = req;
  const id = env.ids.hex64();
  return [networkCreateOp({ id, machineId, name, at: env.now }, settings), ...placeAt(id, at ?? null)];
}

interface ConnectNetwork {
  containerId: string;
  networkId: string;
  /** `--alias`: more names the container answers to on this network. */
  aliases?: string[];
  /** `--ip`: a fixed address; absent for the next free one. */
  ipv4Address?: string | null;
}

/** @example connectNetwork({ containerId: c.id, networkId: n.id }) // [{ type: "network.connect", aliases: [], ipv4Address: null, ... }] */
export function connectNetwork(req: ConnectNetwork): Op[] {
  return [
    { type: "network.connect", containerId: req.containerId, networkId: req.networkId, aliases: req.aliases ?? [], ipv4Address: req.ipv4Address ?? null },
  ];
}
