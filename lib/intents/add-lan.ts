/** Intent: lay a new LAN (`lab lan add`, the palette's LAN item), its router on the first address unless told. */
import { formatIp, parseCidr } from "../model";
import { type At, type IntentEnv, type IntentResult, MACHINE_NAME, placeAt, refuse } from "./intent";

interface AddLan {
  name: string;
  subnet: string;
  /** The router's address; null for none; absent for the subnet's first address. */
  router?: string | null;
  internet: boolean;
  at?: At;
}

/**
 * @example addLan(env, { name: "office", subnet: "10.20.0.0/24", internet: false }) // [{ type: "lan.create", router: "10.20.0.1", ... }]
 */
export function addLan(env: IntentEnv, req: AddLan): IntentResult {
  if (!MACHINE_NAME.test(req.name)) return refuse(`invalid LAN name: ${req.name}`, true);
  const c = parseCidr(req.subnet);
  if (!c) return refuse(`invalid subnet: ${req.subnet}`, true);
  const id = `lan-${env.ids.hex64().slice(0, 12)}`;
  const router = req.router === undefined ? formatIp(c.base + 1) : req.router;
  return [{ type: "lan.create", id, name: req.name, subnet: req.subnet, router, internet: req.internet }, ...placeAt(id, req.at ?? null)];
}
