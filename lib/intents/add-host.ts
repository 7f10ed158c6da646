/** Intent: rack a physical Linux host running Docker Engine on a LAN (`lab host add`, the palette's host item). */
import { cidrContains, type Doc, formatIp, type Lan, parseCidr, parseIp } from "../model";
import { type At, type IntentEnv, type IntentResult, MACHINE_NAME, placeAt, refuse } from "./intent";

interface AddHost {
  name: string;
  lanId: string;
  /** eth0's address ("192.168.1.20" or with its prefix); absent for the lowest free one from .10 up. */
  address?: string;
  at?: At;
}

/** The lowest free address on a LAN from .10 up: the router and every machine's NIC on it are taken. */
function freeAddress(doc: Doc, lan: Lan): string | null {
  const c = parseCidr(lan.subnet);
  if (!c) return null;
  const used = new Set<number>(lan.router ? [parseIp(lan.router) ?? -1] : []);
  for (const m of Object.values(doc.machines)) for (const n of m.nics) if (n.lanId === lan.id && n.address) used.add(parseCidr(n.address)?.ip ?? -1);
  const last = c.base + 2 ** (32 - c.prefix) - 2;
  for (let ip = c.base + 10; ip <= last; ip++) if (!used.has(ip)) return `${formatIp(ip)}/${c.prefix}`;
  return null;
}

/**
 * @example addHost(env, { name: "pc2", lanId: "lan-1" }) // [{ type: "machine.create", address: "192.168.1.11/24", ... }]
 */
export function addHost(env: IntentEnv, req: AddHost): IntentResult {
  if (!MACHINE_NAME.test(req.name)) return refuse(`invalid host name: ${req.name}`, true);
  const lan = env.doc.lans[req.lanId];
  if (!lan) return refuse(`no such LAN: ${req.lanId}`);
  const c = parseCidr(lan.subnet);
  let address = req.address ?? null;
  if (address !== null && !address.includes("/") && c) address = `${address}/${c.prefix}`;
  if (address !== null) {
    const a = parseCidr(address);
    if (!a || !c || !cidrContains(c, a.ip)) return refuse(`${address} is not in ${lan.name} (${lan.subnet})`);
  }
  address ??= freeAddress(env.doc, lan);
  const id = `m-${env.ids.hex64().slice(0, 12)}`;
  return [
    {
      type: "machine.create",
      id,
      name: req.name,
      kind: "host",
      lanId: lan.id,
      address,
      engineNetworkIds: [env.ids.hex64(), env.ids.hex64(), env.ids.hex64()],
      vm: null,
      at: env.now,
    },
    ...placeAt(id, req.at ?? null),
  ];
}
