/**
 * A request that reached a server container is in its log, as the images' servers write it: nginx's
 * `main` format (and an error line for a missing file), Apache's common log format. The client address
 * is what the server sees: the client's own on a shared network, else the gateway the host's NAT uses.
 */
import { imageKey } from "../../model";
import type { ContainerView } from "../../sim";
import type { ToolEnv } from "../context";
import { accessTime } from "../docker/banners";
import { registryApi, servesRegistry } from "../docker/registry";
import { containerFs } from "../fs/container";
import { byteLength, type HttpResponse, httpGet, type Outcome } from "./net";

interface Request {
  method: "GET" | "HEAD";
  path: string;
  userAgent: string;
  /** The Host header: what the URL named. */
  host: string;
}

/** The address the server sees the request come from. */
function clientAddress(env: ToolEnv, server: ContainerView): string {
  const from = env.view;
  if (from) {
    for (const ep of from.endpoints) {
      if (ep.ip && server.endpoints.some((s) => s.network.id === ep.network.id)) return ep.ip;
    }
  }
  const machineId = from ? from.c.machineId : env.source.id;
  if (machineId !== server.c.machineId) {
    const m = env.ctx.doc.machines[machineId];
    const address = m?.nics.find((n) => n.address)?.address;
    if (address) return address.split("/")[0] as string;
  }
  return server.endpoints.find((ep) => ep.gateway)?.gateway ?? "172.17.0.1";
}

function two(n: number): string {
  return String(n).padStart(2, "0");
}

/** What the server writes for one request, or nothing for images whose log Dockside doesn't know. */
function logLines(env: ToolEnv, server: ContainerView, req: Request, res: HttpResponse): { stream: "stdout" | "stderr"; text: string }[] {
  if (server.c.command.length > 0) return [];
  const ip = clientAddress(env, server);
  const at = env.ctx.now;
  const bytes = req.method === "HEAD" ? 0 : byteLength(res.body);
  const line = `${req.method} ${req.path} HTTP/1.1`;
  switch (imageKey(server.c.image)) {
    case "nginx": {
      const out = [{ stream: "stdout" as const, text: `${ip} - - ${accessTime(at)} "${line}" ${res.status} ${bytes} "-" "${req.userAgent}" "-"` }];
      if (res.status !== 404) return out;
      const d = new Date(at);
      const t = `${d.getUTCFullYear()}/${two(d.getUTCMonth() + 1)}/${two(d.getUTCDate())} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;
      const file = `/usr/share/nginx/html${req.path.split("?")[0]}`;
      const error = `${t} [error] 29#29: *1 open() "${file}" failed (2: No such file or directory), client: ${ip}, server: localhost, request: "${line}", host: "${req.host}"`;
      return [{ stream: "stderr", text: error }, ...out];
    }
    case "httpd":
      return [{ stream: "stdout", text: `${ip} - - ${accessTime(at)} "${line}" ${res.status} ${bytes}` }];
    default:
      return [];
  }
}

/**
 * The server's answer to an HTTP request once connected (see `httpGet`), written to the answering
 * container's log as its server would write it.
 */
export function serveHttp(env: ToolEnv, outcome: Extract<Outcome, { kind: "connected" }>, req: Request): HttpResponse | null {
  const server = outcome.answeredBy;
  // registry:2 answers its HTTP API from its store: /v2/, the catalog, a repository's tags.
  const res =
    server && servesRegistry(outcome)
      ? registryApi(
          containerFs(env.ctx, server, [], () => null),
          req.path,
        )
      : httpGet(outcome, req.path);
  if (res && server) {
    const lines = logLines(env, server, req, res).map((l) => ({ ...l, at: env.ctx.now }));
    if (lines.length > 0) env.ctx.apply({ type: "container.log", containerId: server.c.id, lines });
  }
  return res;
}
