import { parseCidr, parseIp } from "./ipv4";
import type { Doc } from "./schema";

/**
 * Cross-record rules a schema can't express. Returns human-readable problems (empty when sound).
 * Every op is applied and then checked against these, so no op can leave a dangling reference.
 */
export function checkInvariants(doc: Doc): string[] {
  const problems: string[] = [];
  const names = new Map<string, string>();
  for (const [key, m] of Object.entries(doc.machines)) {
    if (key !== m.id) problems.push(`machines.${key}: id does not match its key`);
    for (const nic of m.nics) {
      if (nic.lanId !== null && !doc.lans[nic.lanId]) problems.push(`machines.${key}.nics: unknown LAN ${nic.lanId}`);
      if (nic.address !== null && !parseCidr(nic.address)) problems.push(`machines.${key}.nics: bad address ${nic.address}`);
    }
  }
  for (const [key, l] of Object.entries(doc.lans)) {
    if (key !== l.id) problems.push(`lans.${key}: id does not match its key`);
    if (!parseCidr(l.subnet)) problems.push(`lans.${key}.subnet: not a CIDR`);
  }
  for (const [key, n] of Object.entries(doc.networks)) {
    if (key !== n.id) problems.push(`networks.${key}: id does not match its key`);
    if (!doc.machines[n.machineId]) problems.push(`networks.${key}: unknown machine ${n.machineId}`);
    if (n.subnet !== null && !parseCidr(n.subnet)) problems.push(`networks.${key}.subnet: not a CIDR`);
    if (n.gateway !== null && parseIp(n.gateway) === null) problems.push(`networks.${key}.gateway: not an address`);
    const nameKey = `${n.machineId}/${n.name}`;
    if (names.has(nameKey)) problems.push(`networks.${key}: network with name ${n.name} already exists`);
    names.set(nameKey, key);
  }
  const containerNames = new Set<string>();
  for (const [key, c] of Object.entries(doc.containers)) {
    if (key !== c.id) problems.push(`containers.${key}: id does not match its key`);
    if (!doc.machines[c.machineId]) problems.push(`containers.${key}: unknown machine ${c.machineId}`);
    const nameKey = `${c.machineId}/${c.name}`;
    if (containerNames.has(nameKey)) problems.push(`containers.${key}: name ${c.name} is already in use`);
    containerNames.add(nameKey);
    const seen = new Set<string>();
    for (const ep of c.endpoints) {
      const net = doc.networks[ep.networkId];
      if (!net) problems.push(`containers.${key}.endpoints: unknown network ${ep.networkId}`);
      else if (net.machineId !== c.machineId && net.scope === "local") {
        problems.push(`containers.${key}.endpoints: network ${net.name} is on another machine`);
      }
      if (seen.has(ep.networkId)) problems.push(`containers.${key}.endpoints: connected twice to ${ep.networkId}`);
      seen.add(ep.networkId);
      if (ep.ip !== null && parseIp(ep.ip) === null) problems.push(`containers.${key}.endpoints: bad address ${ep.ip}`);
    }
    for (const link of c.links) {
      if (!doc.containers[link.target]) problems.push(`containers.${key}.links: unknown container ${link.target}`);
    }
    for (const d of c.dependsOn ?? []) {
      if (!doc.containers[d.target]) problems.push(`containers.${key}.dependsOn: unknown container ${d.target}`);
    }
    for (const m of c.mounts ?? []) {
      const known = Object.values(doc.volumes ?? {}).some((v) => v.machineId === c.machineId && v.name === m.source);
      if (m.type === "volume" && !known) problems.push(`containers.${key}.mounts: unknown volume ${m.source}`);
    }
  }
  const volumeNames = new Set<string>();
  for (const [key, v] of Object.entries(doc.volumes ?? {})) {
    if (key !== v.id) problems.push(`volumes.${key}: id does not match its key`);
    if (!doc.machines[v.machineId]) problems.push(`volumes.${key}: unknown machine ${v.machineId}`);
    if (volumeNames.has(`${v.machineId}/${v.name}`)) problems.push(`volumes.${key}: volume ${v.name} already exists`);
    volumeNames.add(`${v.machineId}/${v.name}`);
  }
  for (const key of Object.keys(doc.layout)) {
    if (!doc.machines[key] && !doc.networks[key] && !doc.containers[key] && !doc.lans[key]) {
      problems.push(`layout.${key}: position of something that doesn't exist`);
    }
  }
  return problems;
}
