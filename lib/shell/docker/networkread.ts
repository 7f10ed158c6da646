/** `docker network ls` and `docker network inspect`, as an Engine 20.10 daemon answers them. */
import { byOrder, type Network, shortId } from "../../model";
import { endpointCidr, networkListedOn } from "../../sim";
import { err, type Output, ok, type ShellContext } from "../context";
import { all, type CommandSpec, has, isOutput, last, parseFlags } from "./flags";
import { goJson, goStruct } from "./go-value";
import { goTimeString, tabwrite } from "./ps";
import { overlayPeers, sandboxEndpoints } from "./swarm-net";
import { Template } from "./template";
import { TemplateError } from "./template-lex";

/**
 * Go's RFC3339Nano of a time in ms ("2026-11-23T12:29:35.182Z"), as the daemon prints Created.
 * @example rfc3339Nano(0) // "1970-01-01T00:00:00Z"
 */
export function rfc3339Nano(ms: number): string {
  const iso = new Date(ms).toISOString();
  return iso.replace(/\.(\d+)Z$/, (_m, frac: string) => {
    const trimmed = frac.replace(/0+$/, "");
    return trimmed === "" ? "Z" : `.${trimmed}Z`;
  });
}

type Flavor = "daemon" | "client";

/**
 * A network as `docker network inspect` shows it. `daemon` is the Engine 20.10 JSON (printed as is);
 * `client` is the docker 28 CLI's struct, which `--format` templates run against.
 */
export function networkInspectData(ctx: ShellContext, n: Network, flavor: Flavor = "daemon"): Record<string, unknown> {
  const r = ctx.resolved();
  const containers: Record<string, unknown> = {};
  for (const ep of r.endpointsByNetwork.get(n.id) ?? []) {
    const view = r.containers.get(ep.container.id);
    if (!view?.running || view.mode === "container") continue;
    // An overlay shows the endpoints of the node asked, not those of its peers.
    if (n.scope === "swarm" && ep.container.machineId !== ctx.machineId) continue;
    containers[ep.container.id] = goStruct({
      Name: ep.container.name,
      EndpointID: ep.endpointId,
      MacAddress: ep.mac,
      IPv4Address: endpointCidr(ep),
      IPv6Address: "",
    });
  }
  const config: Record<string, unknown>[] = [];
  if (n.subnet) {
    const entry: Record<string, unknown> = { Subnet: n.subnet };
    if (n.ipRange) entry.IPRange = n.ipRange;
    // a user-given subnet without --gateway keeps no gateway in its IPAM config
    if (n.gateway && (n.subnetAuto || !n.gatewayAuto)) entry.Gateway = n.gateway;
    config.push(goStruct(entry));
  }
  const data: Record<string, unknown> = {
    Name: n.name,
    Id: n.id,
    Created: rfc3339Nano(n.createdAt),
    Scope: n.scope,
    Driver: n.driver,
  };
  if (flavor === "client") data.EnableIPv4 = false;
  Object.assign(data, {
    EnableIPv6: false,
    IPAM: goStruct({ Driver: "default", Options: n.builtin || n.scope === "swarm" ? null : {}, Config: config }),
    Internal: n.internal,
    Attachable: n.attachable,
    Ingress: n.overlay?.ingress ?? false,
    ConfigFrom: goStruct({ Network: "" }),
    ConfigOnly: false,
    Containers: { ...containers, ...sandboxEndpoints(ctx, n) },
    Options: { ...n.options },
    Labels: { ...n.labels },
  });
  if (n.scope === "swarm") data.Peers = overlayPeers(ctx, n);
  return goStruct(data);
}

const LS_SPEC: CommandSpec = {
  path: "docker network ls",
  usage: "docker network ls [OPTIONS]",
  flags: [
    { long: "quiet", short: "q", value: false },
    { long: "no-trunc", value: false },
    { long: "format", value: true },
    { long: "filter", short: "f", value: true },
    { long: "help", value: false },
  ],
};

const LS_HEADERS = {
  ID: "NETWORK ID",
  Name: "NAME",
  Driver: "DRIVER",
  Scope: "SCOPE",
  IPv6: "IPV6",
  Internal: "INTERNAL",
  Labels: "LABELS",
  CreatedAt: "CREATED AT",
};

export function renderRows(format: string, headers: object, rows: object[], typeName: string): Output {
  const table = format.startsWith("table");
  const body = (table ? format.slice(5).replace(/^ /, "") : format).replace(/\\t/g, "\t").replace(/\\n/g, "\n");
  try {
    const tmpl = new Template(body);
    let out = "";
    if (table) out += `${tmpl.execute(goStruct({ ...headers }), { typeName })}\n`;
    for (const r of rows) out += `${tmpl.execute(r, { typeName })}\n`;
    return ok(table ? tabwrite(out) : out);
  } catch (e) {
    if (e instanceof TemplateError) return err(`${e.message}\n`, 1);
    throw e;
  }
}

/**
 * `docker network ls`, sorted by name.
 * @example dockerNetworkLs(ctx, ["--format", "{{.Name}}"]).stdout // "bridge\nhost\nnone\n"
 */
export function dockerNetworkLs(ctx: ShellContext, args: string[]): Output {
  const p = parseFlags(LS_SPEC, args);
  if (isOutput(p)) return p;
  if (has(p, "help")) return ok(`Usage:  ${LS_SPEC.usage}\n\nList networks\n`);
  if (p.args.length > 0) {
    return err(`"docker network ls" accepts no arguments.\nSee 'docker network ls --help'.\n\nUsage:  ${LS_SPEC.usage}\n\nList networks\n`, 1);
  }
  let nets = byOrder(ctx.doc.networks).filter((n) => networkListedOn(ctx.doc, n, ctx.machineId));
  const byKey = new Map<string, string[]>();
  for (const f of all(p, "filter")) {
    const eq = f.indexOf("=");
    if (eq < 0)
      return err(`invalid argument "${f}" for "-f, --filter" flag: bad format of filter (expected name=value)\nSee 'docker network ls --help'.\n`, 125);
    const key = f.slice(0, eq).toLowerCase();
    byKey.set(key, [...(byKey.get(key) ?? []), f.slice(eq + 1)]);
  }
  for (const [key, values] of byKey) {
    const test = (n: Network, value: string): boolean => {
      switch (key) {
        case "driver":
          return n.driver === value;
        case "name":
          return n.name.includes(value);
        case "id":
          return n.id.startsWith(value);
        case "scope":
          return n.scope === value;
        case "type":
          return value === "builtin" ? n.builtin : value === "custom" ? !n.builtin : false;
        case "label":
          return value.includes("=") ? n.labels[value.split("=")[0] as string] === value.slice(value.indexOf("=") + 1) : value in n.labels;
        case "dangling": {
          const used = ctx.resolved().order.some((v) => v.c.endpoints.some((ep) => ep.networkId === n.id));
          return (value === "true" || value === "1") === (!used && !n.builtin);
        }
        default:
          return false;
      }
    };
    if (!["driver", "name", "id", "scope", "type", "label", "dangling"].includes(key)) return err(`Error response from daemon: Invalid filter '${key}'\n`, 1);
    nets = nets.filter((n) => values.some((v) => test(n, v)));
  }
  nets.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const trunc = !has(p, "no-trunc");
  let format = last(p, "format") ?? "";
  if (has(p, "quiet") && format === "") format = "{{.ID}}";
  if (format === "" || format === "table") format = "table {{.ID}}\t{{.Name}}\t{{.Driver}}\t{{.Scope}}";
  if (format === "json") format = "{{json .}}";
  const rows = nets.map((n) =>
    goStruct({
      ID: trunc ? shortId(n.id) : n.id,
      Name: n.name,
      Driver: n.driver,
      Scope: n.scope,
      IPv6: "false",
      Internal: String(n.internal),
      Labels: Object.entries(n.labels)
        .map(([k, v]) => `${k}=${v}`)
        .join(","),
      CreatedAt: goTimeString(n.createdAt),
    }),
  );
  return renderRows(format, LS_HEADERS, rows, "*formatter.networkContext");
}

const INSPECT_SPEC: CommandSpec = {
  path: "docker network inspect",
  usage: "docker network inspect [OPTIONS] NETWORK [NETWORK...]",
  flags: [
    { long: "format", short: "f", value: true },
    { long: "verbose", short: "v", value: false },
    { long: "help", value: false },
  ],
};

/**
 * Runs a `--format` template the way `docker inspect` does: against the CLI's typed struct first and,
 * if that fails, against the raw JSON with `missingkey=error`, whose error is the one reported.
 */
function inspectTemplate(tmpl: Template, typed: unknown, raw: unknown): { text: string } | { error: string } {
  try {
    return { text: tmpl.execute(typed) };
  } catch (e) {
    if (!(e instanceof TemplateError)) throw e;
  }
  try {
    const plain = JSON.parse(goJson(raw)) as unknown;
    return { text: tmpl.execute(plain, { missingKeyError: true, floats: true }) };
  } catch (e) {
    if (!(e instanceof TemplateError)) throw e;
    return { error: `template parsing error: ${e.message}` };
  }
}

export type InspectEntry = { typed: unknown; raw: unknown } | { error: string };

/**
 * Prints inspect results in argument order: one indented JSON array, or one template line per object
 * (a lone newline when nothing was printed), with the errors after them.
 */
export function inspectOutput(entries: InspectEntry[], format: string | undefined): Output {
  const errors: string[] = [];
  let stdout = "";
  const found = entries.filter((e): e is { typed: unknown; raw: unknown } => !("error" in e));
  if (format === undefined || format === "" || format === "json") {
    for (const e of entries) if ("error" in e) errors.push(e.error);
    stdout = `${goJson(
      found.map((i) => i.raw),
      { indent: "    ", escapeHtml: true },
    )}\n`;
  } else {
    let tmpl: Template;
    try {
      tmpl = new Template(format);
    } catch (e) {
      if (e instanceof TemplateError) return err(`template parsing error: ${e.message}\n`, 1);
      throw e;
    }
    for (const e of entries) {
      if ("error" in e) {
        errors.push(e.error);
        continue;
      }
      const r = inspectTemplate(tmpl, e.typed, e.raw);
      if ("error" in r) errors.push(r.error);
      else stdout += `${r.text}\n`;
    }
    if (stdout === "") stdout = "\n";
  }
  return { stdout, stderr: errors.map((e) => `${e}\n`).join(""), exitCode: errors.length > 0 ? 1 : 0 };
}

/**
 * `docker network inspect [-f FORMAT] NETWORK...`.
 * @example dockerNetworkInspect(ctx, ["-f", "{{.Driver}}", "bridge"]).stdout // "bridge\n"
 */
export function dockerNetworkInspect(ctx: ShellContext, args: string[]): Output {
  const p = parseFlags(INSPECT_SPEC, args);
  if (isOutput(p)) return p;
  if (has(p, "help")) return ok(`Usage:  ${INSPECT_SPEC.usage}\n\nDisplay detailed information on one or more networks\n`);
  if (p.args.length === 0) {
    return err(
      `docker: '${INSPECT_SPEC.path}' requires at least 1 argument\n\nUsage:  ${INSPECT_SPEC.usage}\n\nSee '${INSPECT_SPEC.path} --help' for more information\n`,
      1,
    );
  }
  const entries: InspectEntry[] = p.args.map((name) => {
    const n = ctx.resolved().networkByName(ctx.machineId, name);
    if (!n) return { error: `Error response from daemon: network ${name} not found` };
    return { typed: networkInspectData(ctx, n, "client"), raw: networkInspectData(ctx, n, "daemon") };
  });
  return inspectOutput(entries, last(p, "format"));
}
