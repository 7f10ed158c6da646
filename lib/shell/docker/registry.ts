/**
 * Registries other than Docker Hub, as the daemon of the session's machine reaches them: over the
 * simulated network (`reach` decides), HTTPS unless the registry is on the loopback or listed in the
 * engine's insecure registries, answered by a registry:2 container whose store is its own files.
 */
import { cidrContains, containerImage, parseCidr, parseIp } from "../../model";
import { type ContainerView, lookupOnMachine } from "../../sim";
import type { ShellContext } from "../context";
import { containerFs } from "../fs/container";
import type { Vfs } from "../fs/vfs";
import { connect, type HttpResponse, httpGet, type Outcome } from "../tools/net";
import { repoDir, repositories } from "./registry-store";

type Endpoint = { ok: true; view: ContainerView; fs: Vfs } | { ok: false; error: string };

/** The nameserver the machine's resolver asks (what a failed lookup names). */
export function nameserverOf(ctx: ShellContext): string {
  return ctx.doc.machines[ctx.machineId]?.engine?.nameservers[0] ?? "127.0.0.53";
}

/**
 * Whether the daemon speaks plain HTTP to `registry` (`host:port`): the loopback always, and what the
 * engine's insecure registries name (`host:port` exactly, or a CIDR holding the host's address).
 */
function isInsecure(ctx: ShellContext, registry: string): boolean {
  const host = registry.replace(/:\d+$/, "");
  if (host === "localhost" || /^127\./.test(host) || host === "[::1]") return true;
  const listed = ctx.doc.machines[ctx.machineId]?.engine?.insecureRegistries ?? [];
  if (listed.includes(registry)) return true;
  const cidrs = listed.map(parseCidr).filter((c) => c !== null);
  if (cidrs.length === 0) return false;
  let ip = parseIp(host);
  if (ip === null) {
    const found = lookupOnMachine(ctx.resolved(), ctx.machineId, host);
    ip = found.ok ? parseIp(found.addresses[0] ?? "") : null;
  }
  return ip !== null && cidrs.some((c) => cidrContains(c, ip));
}

/** Whether a connection reached the registry server of a registry:2 container (its own command, its port). */
export function servesRegistry(outcome: Extract<Outcome, { kind: "connected" }>): boolean {
  const view = outcome.answeredBy;
  return view !== null && containerImage(view.c).name === "registry" && view.c.command.length === 0 && outcome.listener !== null && !outcome.reach.proxyReset;
}

/**
 * Connects the machine's daemon to `registry` (`host[:port]`) and finds the registry that answers
 * there; the error is the daemon's, after `Get "<url>/v2/": `.
 */
export function registryEndpoint(ctx: ShellContext, registry: string): Endpoint {
  const host = registry.replace(/:\d+$/, "");
  const insecure = isInsecure(ctx, registry);
  const port = Number(registry.slice(host.length + 1)) || (insecure ? 80 : 443);
  const url = `${insecure ? "http" : "https"}://${registry}/v2/`;
  const fail = (why: string): Endpoint => ({ ok: false, error: `Get "${url}": ${why}` });
  const outcome = connect({ ctx, source: { kind: "machine", id: ctx.machineId } }, host === "[::1]" ? "127.0.0.1" : host, port);
  const dial = (address: string) => `dial tcp ${address}:${port}`;
  switch (outcome.kind) {
    case "bad-address":
      return fail(`dial tcp: lookup ${host} on ${nameserverOf(ctx)}:53: no such host`);
    case "refused":
      return fail(`${dial(outcome.address)}: connect: connection refused`);
    case "net-unreachable":
      return fail(`${dial(outcome.address)}: connect: network is unreachable`);
    case "host-unreachable":
      return fail(`${dial(outcome.address)}: connect: no route to host`);
    case "timeout":
      return fail(`${dial(outcome.address)}: i/o timeout`);
  }
  const view = outcome.answeredBy;
  // registry:2 (and every other server of the catalog) speaks plain HTTP; an HTTPS client gets its answer.
  if (!insecure) return fail("http: server gave HTTP response to HTTPS client");
  // docker-proxy took the connection on the loopback and closed it: nothing listens behind it.
  if (outcome.reach.proxyReset) return fail("EOF");
  if (view !== null && servesRegistry(outcome)) return { ok: true, view, fs: containerFs(ctx, view, [], () => null) };
  // Another web server answers GET /v2/ with its 404 page, which is not the registry's JSON error.
  const page = httpGet(outcome, "/v2/");
  if (page)
    return {
      ok: false,
      error: `error parsing HTTP ${page.status} response body: invalid character '<' looking for beginning of value: ${JSON.stringify(page.body)}`,
    };
  return fail('net/http: HTTP/1.x transport connection broken: malformed HTTP status code "unknown"');
}

/**
 * What registry:2 answers to a GET: `/v2/` ({}), the catalog, a repository's tags, its JSON error for
 * an unknown repository, and Go's plain 404 elsewhere.
 */
export function registryApi(fs: Vfs, path: string): HttpResponse {
  const clean = path.split("?")[0] ?? "/";
  if (clean === "/") return { status: 200, reason: "OK", body: "" };
  if (clean === "/v2/" || clean === "/v2") return { status: 200, reason: "OK", body: "{}" };
  if (clean === "/v2/_catalog") return { status: 200, reason: "OK", body: `${JSON.stringify({ repositories: repositories(fs) })}\n` };
  const tags = /^\/v2\/(.+)\/tags\/list$/.exec(clean)?.[1];
  if (tags !== undefined) {
    const list = fs.list(`${repoDir(tags)}/_manifests/tags`);
    if (typeof list === "string" || !repositories(fs).includes(tags)) {
      const error = { errors: [{ code: "NAME_UNKNOWN", message: "repository name not known to registry", detail: { name: tags } }] };
      return { status: 404, reason: "Not Found", body: `${JSON.stringify(error)}\n` };
    }
    return { status: 200, reason: "OK", body: `${JSON.stringify({ name: tags, tags: [...list].sort() })}\n` };
  }
  return { status: 404, reason: "Not Found", body: "404 page not found\n" };
}
