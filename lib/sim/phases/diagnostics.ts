/** The diagnostics phase of `resolve`: what the daemon would refuse or warn about, per container. */
import { cidrContains, type Doc, parseCidr, parseIp } from "../../model";
import { isUserDefined } from "../endpoint";
import type { ContainerView, Diagnostic } from "../types";
import type { ResolveContext } from "./context";

/** diagnostics: per container, in creation order, after the earlier phases' own (ipam, ports). */
export function diagnoseContainers(ctx: ResolveContext): void {
  for (const v of ctx.views.values()) diagnose(ctx.doc, v, ctx.diagnostics);
}

function diagnose(doc: Doc, v: ContainerView, out: Diagnostic[]): void {
  const { c } = v;
  for (const ep of c.endpoints) {
    const n = doc.networks[ep.networkId];
    if (!n) continue;
    if (!isUserDefined(n) && n.name === "bridge") {
      if (ep.aliases.length > 0) {
        out.push({
          level: "error",
          subject: c.id,
          code: "alias.default-bridge",
          message: "network-scoped alias is supported only for containers in user defined networks",
        });
      }
      if (ep.ipv4Address) {
        out.push({ level: "error", subject: c.id, code: "ip.default-bridge", message: "user specified IP address is supported on user defined networks only" });
      }
    }
    if (ep.ipv4Address && n.subnet) {
      const subnet = parseCidr(n.subnet);
      const ip = parseIp(ep.ipv4Address);
      if (subnet && ip !== null && !cidrContains(subnet, ip)) {
        out.push({
          level: "error",
          subject: c.id,
          code: "ip.range",
          message: `Invalid address ${ep.ipv4Address}: It does not belong to any of this network's subnets`,
        });
      }
    }
  }
  const names = c.endpoints.map((ep) => doc.networks[ep.networkId]?.name);
  if (names.includes("none") && c.endpoints.length > 1) {
    out.push({
      level: "error",
      subject: c.id,
      code: "network.none-multi",
      message: "container cannot be connected to multiple networks with one of the networks in private (none) mode",
    });
  }
  for (const link of c.links) {
    const target = doc.containers[link.target];
    if (target && target.state !== "running" && c.state === "running") {
      out.push({ level: "warning", subject: c.id, code: "link.stopped", message: `linked container ${target.name} is not running` });
    }
  }
  if (v.mode === "container" && v.nsOwner === c) {
    out.push({ level: "error", subject: c.id, code: "network.container-missing", message: `No such container: ${c.networkMode.slice(10)}` });
  } else if (v.mode === "container" && c.state === "running" && v.nsOwner.state !== "running") {
    out.push({
      level: "error",
      subject: c.id,
      code: "network.container-stopped",
      message: `cannot join network of a non running container: ${v.nsOwner.id}`,
    });
  }
}
