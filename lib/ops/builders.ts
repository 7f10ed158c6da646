/** Ready-made ops for the common cases, so callers name what differs and nothing else. */
import type { Op } from "./schema";

export type NetworkCreateOp = Extract<Op, { type: "network.create" }>;

/**
 * A `network.create` op for a bridge network with Docker's defaults (no subnet: the daemon picks one
 * from its pools); `extra` overrides any field.
 * @example networkCreateOp({ id, machineId: "m-host", name: "appnet", at: Date.now() })
 */
export function networkCreateOp(
  base: Pick<NetworkCreateOp, "id" | "machineId" | "name" | "at">,
  extra: Partial<Omit<NetworkCreateOp, "type">> = {},
): NetworkCreateOp {
  return {
    type: "network.create",
    driver: "bridge",
    subnet: null,
    gateway: null,
    ipRange: null,
    internal: false,
    attachable: false,
    options: {},
    labels: {},
    ...base,
    ...extra,
  };
}
