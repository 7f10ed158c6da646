/** BusyBox `nslookup`: asks the DNS server of /etc/resolv.conf only (never /etc/hosts), A then AAAA. */
import { parseIp } from "../../model";
import { type ContainerView, isUserDefined, machineHasResolver } from "../../sim";
import { err, type Output, type Tool, type ToolEnv } from "../context";
import { nameserverOf } from "./etc";
import { resolveName } from "./net";

const TIMEOUT = ";; connection timed out; no servers could be reached\n\n";

type Answer = { kind: "found"; addresses: string[] } | { kind: "nxdomain" } | { kind: "timeout" };

/** Can the resolver of this namespace reach its upstream server at all? */
function upstreamReachable(env: ToolEnv): boolean {
  const r = env.ctx.resolved();
  const v = env.view;
  const machineId = v ? v.machine.id : env.source.id;
  if (!v || v.mode === "host") return machineHasResolver(r, machineId);
  if (v.mode === "none" || !v.gateway) return false;
  return machineHasResolver(r, machineId);
}

/** What Docker's embedded DNS itself knows for `name` on the asker's user-defined networks. */
function embeddedAnswer(env: ToolEnv, v: ContainerView, name: string): string[] | null {
  const r = env.ctx.resolved();
  const found = resolveName(env, name);
  if (found.ok && (found.source === "embedded-dns" || found.source === "link")) return found.addresses;
  const key = name.toLowerCase().replace(/\.$/, "");
  for (const ep of v.endpoints) {
    if (!isUserDefined(ep.network) || ep.ip === null) continue;
    const hits = r.dns.get(ep.network.id)?.get(key);
    if (hits?.length) return hits.map((h) => h.ip as string);
  }
  return null;
}

function forward(env: ToolEnv, name: string): Answer {
  if (!upstreamReachable(env)) return { kind: "timeout" };
  const found = resolveName(env, name);
  // Only what an upstream server answers counts: /etc/hosts and localhost are not DNS.
  if (found.ok && found.source === "upstream") return { kind: "found", addresses: found.addresses };
  return { kind: "nxdomain" };
}

function answerFor(env: ToolEnv, name: string): Answer {
  const v = env.view;
  if (v && v.mode !== "host" && v.embeddedDns) {
    const addresses = embeddedAnswer(env, v, name);
    if (addresses) return { kind: "found", addresses };
  }
  return forward(env, name);
}

function reverseName(ip: string): string {
  return `${ip.split(".").reverse().join(".")}.in-addr.arpa`;
}

/** PTR answers of the embedded DNS: `<container>.<network>` for addresses on the asker's networks. */
function reverseAnswer(env: ToolEnv, ip: string): string | null {
  const v = env.view;
  if (!v || v.mode === "host" || !v.embeddedDns) return null;
  const r = env.ctx.resolved();
  for (const own of v.endpoints) {
    if (!isUserDefined(own.network)) continue;
    const hit = (r.endpointsByNetwork.get(own.network.id) ?? []).find((ep) => ep.ip === ip);
    if (hit) return `${hit.container.name}.${hit.network.name}`;
  }
  return null;
}

/**
 * `nslookup [-type=a|aaaa] NAME [SERVER]`.
 * @example nslookup(env, ["alpine2"]).stdout // "Server:\t\t127.0.0.11\nAddress:\t127.0.0.11:53\n\nNon-authoritative answer:\n..."
 */
export const nslookup: Tool = (env, args) => {
  let type: "any" | "a" | "aaaa" = "any";
  const positional: string[] = [];
  for (const a of args) {
    const t = /^-(?:type|query|q)=(\w+)$/i.exec(a);
    if (t) {
      const want = (t[1] as string).toLowerCase();
      type = want === "a" ? "a" : want === "aaaa" ? "aaaa" : "any";
    } else if (!a.startsWith("-")) positional.push(a);
  }
  const name = positional[0];
  if (name === undefined) {
    return err(
      "BusyBox v1.35.0 (Debian 1:1.35.0-4+deb12u1+b1) multi-call binary.\n\nUsage: nslookup [-type=QUERY_TYPE] [-debug] HOST [DNS_SERVER]\n\nQuery DNS about HOST\n\nQUERY_TYPE: soa,ns,a,aaaa,cname,mx,txt,ptr,srv,any\n",
      1,
    );
  }
  const server = positional[1] ?? nameserverOf(env);
  const header = `Server:\t\t${server}\nAddress:\t${server}:53\n\n`;

  if (parseIp(name) !== null) {
    const ptr = reverseAnswer(env, name);
    if (ptr) return { stdout: `${header}Non-authoritative answer:\n${reverseName(name)}\tname = ${ptr}\n\n`, stderr: "", exitCode: 0 };
    if (!upstreamReachable(env)) return { stdout: TIMEOUT, stderr: "", exitCode: 1 };
    return { stdout: `${header}** server can't find ${reverseName(name)}: NXDOMAIN\n\n`, stderr: "", exitCode: 1 };
  }

  const answer = answerFor(env, name);
  if (answer.kind === "timeout") return { stdout: TIMEOUT, stderr: "", exitCode: 1 };
  const blocks = type === "any" ? 2 : 1;
  if (answer.kind === "nxdomain") {
    return { stdout: header + `** server can't find ${name}: NXDOMAIN\n\n`.repeat(blocks), stderr: "", exitCode: 1 };
  }
  // Docker answers A records only; the AAAA query gets an empty answer.
  const aBlock = `Non-authoritative answer:\n${answer.addresses.map((ip) => `Name:\t${name}\nAddress: ${ip}\n`).join("")}\n`;
  const aaaaBlock = "Non-authoritative answer:\n\n";
  const body = type === "a" ? aBlock : type === "aaaa" ? aaaaBlock : aBlock + aaaaBlock;
  return { stdout: header + body, stderr: "", exitCode: 0 } satisfies Output;
};
