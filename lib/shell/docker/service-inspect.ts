/** `docker service inspect`: the daemon's JSON (and `--pretty`) for a service. */
import type { Service } from "../../model";
import type { ShellContext } from "../context";
import { goNil, goStruct } from "./go-value";
import { rfc3339Nano } from "./networkread";

const SECOND = 1_000_000_000;

function cidrOf(ctx: ShellContext, networkId: string, ip: string): string {
  const prefix = ctx.doc.networks[networkId]?.subnet?.split("/")[1] ?? "24";
  return `${ip}/${prefix}`;
}

/**
 * The service as the daemon returns it (Spec, Endpoint with its VIPs).
 * @example serviceInspectData(ctx, web).Endpoint // { Spec: { Mode: "vip" }, VirtualIPs: [...] }
 */
export function serviceInspectData(ctx: ShellContext, s: Service, typed = false): Record<string, unknown> {
  const ports = s.ports.map((p) => goStruct({ Protocol: p.proto, TargetPort: p.target, PublishedPort: p.published, PublishMode: p.mode }));
  const containerSpec: Record<string, unknown> = { Image: s.image };
  if (s.command.length > 0) containerSpec.Args = s.command;
  Object.assign(containerSpec, { Init: false, StopGracePeriod: 10 * SECOND, DNSConfig: goStruct({}), Isolation: "default" });
  const placement: Record<string, unknown> = {};
  if (s.constraints.length > 0) placement.Constraints = s.constraints;
  const taskTemplate: Record<string, unknown> = {
    ContainerSpec: goStruct(containerSpec),
    Resources: goStruct({ Limits: goStruct({}), Reservations: goStruct({}) }),
    RestartPolicy: goStruct({ Condition: "any", Delay: 5 * SECOND, MaxAttempts: 0 }),
    Placement: goStruct(placement),
  };
  if (s.networks.length > 0) {
    taskTemplate.Networks = s.networks.map((n) => goStruct(n.aliases.length > 0 ? { Target: n.networkId, Aliases: n.aliases } : { Target: n.networkId }));
  }
  Object.assign(taskTemplate, { ForceUpdate: 0, Runtime: "container" });
  const update = { Parallelism: 1, FailureAction: "pause", Monitor: 5 * SECOND, MaxFailureRatio: 0, Order: "stop-first" };
  const endpointSpec: Record<string, unknown> = { Mode: s.endpointMode };
  if (ports.length > 0) endpointSpec.Ports = ports;
  const endpoint: Record<string, unknown> = { Spec: goStruct({ ...endpointSpec }) };
  if (ports.length > 0) endpoint.Ports = ports;
  if (s.vips.length > 0) endpoint.VirtualIPs = s.vips.map((v) => goStruct({ NetworkID: v.networkId, Addr: cidrOf(ctx, v.networkId, v.ip) }));
  // The CLI's struct has the field even when the daemon's JSON leaves it out.
  else if (typed) endpoint.VirtualIPs = goNil("slice");
  if (typed && !endpoint.Ports) endpoint.Ports = goNil("slice");
  return goStruct({
    ID: s.id,
    Version: goStruct({ Index: 10 + s.order }),
    CreatedAt: rfc3339Nano(s.createdAt),
    UpdatedAt: rfc3339Nano(s.updatedAt),
    Spec: goStruct({
      Name: s.name,
      Labels: {},
      TaskTemplate: goStruct(taskTemplate),
      Mode: goStruct({ Replicated: goStruct({ Replicas: s.replicas }) }),
      UpdateConfig: goStruct({ ...update }),
      RollbackConfig: goStruct({ ...update }),
      EndpointSpec: goStruct(endpointSpec),
    }),
    Endpoint: goStruct(endpoint),
  });
}

/** `docker service inspect --pretty`. */
export function servicePretty(ctx: ShellContext, s: Service): string {
  const lines = [
    "",
    `ID:\t\t${s.id}`,
    `Name:\t\t${s.name}`,
    "Service Mode:\tReplicated",
    ` Replicas:\t${s.replicas}`,
    "Placement:",
    ...(s.constraints.length > 0 ? [` Constraints:\t[${s.constraints.join(" ")}]`] : []),
    "UpdateConfig:",
    " Parallelism:\t1",
    " On failure:\tpause",
    " Monitoring Period: 5s",
    " Max failure ratio: 0",
    " Update order:      stop-first",
    "RollbackConfig:",
    " Parallelism:\t1",
    " On failure:\tpause",
    " Monitoring Period: 5s",
    " Max failure ratio: 0",
    " Rollback order:    stop-first",
    "ContainerSpec:",
    ` Image:\t\t${s.image}`,
    ...(s.command.length > 0 ? [` Args:\t\t${s.command.join(" ")} `] : []),
    " Init:\t\tfalse",
    "Resources:",
  ];
  if (s.networks.length > 0) lines.push(`Networks: ${s.networks.map((n) => `${ctx.doc.networks[n.networkId]?.name ?? n.networkId} `).join("")}`);
  lines.push(`Endpoint Mode:\t${s.endpointMode}`);
  if (s.ports.length > 0) {
    lines.push("Ports:");
    for (const p of s.ports) {
      lines.push(` PublishedPort = ${p.published}`, `  Protocol = ${p.proto}`, `  TargetPort = ${p.target}`, `  PublishMode = ${p.mode}`);
    }
  }
  return `${lines.join("\n")}\n`;
}
