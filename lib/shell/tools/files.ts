/** `cat`, `hostname`, `getent hosts` and `env`: answers from the files Docker writes. */
import { type Chunk, err, type Output, ok, type ToolEnv, written } from "../context";
import { hostnameOf, hostsText, interfaces, machineOf, readFile } from "./etc";
import { containerAddresses, machineAddresses } from "./ip";
import { resolveName } from "./net";

/**
 * `cat FILE...` (stdin when there is none). BusyBox and GNU word a missing file differently.
 * @example cat(env, ["/etc/resolv.conf"]).stdout // "nameserver 127.0.0.11\noptions ndots:0\n"
 */
export function cat(env: ToolEnv, args: string[], stdin = "", busybox = true): Output {
  const files = args.filter((a) => a !== "--");
  if (files.length === 0) return ok(stdin);
  const chunks: Chunk[] = [];
  for (const f of files) {
    const text = f === "-" ? stdin : readFile(env, f);
    if (text !== null) chunks.push({ stream: "stdout", text });
    else chunks.push({ stream: "stderr", text: busybox ? `cat: can't open '${f}': No such file or directory\n` : `cat: ${f}: No such file or directory\n` });
  }
  return written(chunks, chunks.some((c) => c.stream === "stderr") ? 1 : 0);
}

/** Addresses /etc/hosts gives the container's own hostname. */
function ownAddresses(env: ToolEnv): string[] {
  const name = hostnameOf(env);
  return hostsText(env)
    .split("\n")
    .map((l) => l.split(/\s+/))
    .filter((w) => w.slice(1).includes(name))
    .map((w) => w[0] as string);
}

const BUSYBOX_HOSTNAME_USAGE = `BusyBox v1.35.0 (Debian 1:1.35.0-4+deb12u1+b1) multi-call binary.

Usage: hostname [-sidf] [HOSTNAME | -F FILE]

Show or set hostname or DNS domain name

\t-s\tShort
\t-i\tAddresses for the hostname
\t-d\tDNS domain name
\t-f\tFully qualified domain name
\t-F FILE\tUse FILE's content as hostname
`;

/**
 * `hostname [-i|-I|-s|-f]`; BusyBox's has no `-I`.
 * @example hostname(env, ["-i"]).stdout // "172.18.0.2\n"
 */
export function hostname(env: ToolEnv, args: string[], busybox = false): Output {
  const name = hostnameOf(env);
  if (busybox && args.some((a) => /^-[a-zA-Z]*I/.test(a))) return err(`hostname: invalid option -- 'I'\n${BUSYBOX_HOSTNAME_USAGE}`, 1);
  if (args.includes("-I")) {
    // net-tools' hostname: every global address, each followed by a space.
    const v = env.view;
    const m = machineOf(env);
    const ips = v && v.mode !== "host" ? containerAddresses(env, v) : m ? machineAddresses(env, m) : [];
    return ok(`${ips.map((ip) => `${ip} `).join("")}\n`);
  }
  if (args.includes("-i")) {
    const v = env.view;
    const ips = v && v.mode !== "host" ? interfaces(v).map((i) => i.ep.ip as string) : ownAddresses(env);
    if (ips.length === 0) return err(`hostname: ${name}: Unknown host\n`, 1);
    return ok(`${ips[0]}\n`);
  }
  if (args.includes("-s")) return ok(`${name.split(".")[0]}\n`);
  return ok(`${name}\n`);
}

/**
 * `getent hosts NAME`: glibc's resolver (files, then DNS); exit 2 when the name is unknown.
 * @example getent(env, ["hosts", "web"]).stdout // "172.18.0.2      web\n"
 */
export function getent(env: ToolEnv, args: string[]): Output {
  const [db, ...keys] = args;
  if (db !== "hosts" && db !== "ahosts") return err(`Unknown database: ${db ?? ""}\nTry \`getent --help' or \`getent --usage' for more information.\n`, 1);
  if (keys.length === 0) return ok(hostsText(env).replace(/\t/g, "       "));
  let stdout = "";
  let code = 0;
  for (const key of keys) {
    const found = resolveName(env, key);
    if (!found.ok) {
      code = 2;
      continue;
    }
    for (const ip of found.addresses) stdout += `${ip.padEnd(15)} ${key}\n`;
  }
  return { stdout, stderr: "", exitCode: code };
}

/**
 * `env`: the container's environment, with the variables legacy links inject.
 * @example env(env, []).stdout // "PATH=...\nHOSTNAME=3b6fa35cf668\nHOME=/root\n"
 */
export function envTool(env: ToolEnv, _args: string[]): Output {
  const lines = ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", `HOSTNAME=${hostnameOf(env)}`];
  const v = env.view;
  if (v) {
    const r = env.ctx.resolved();
    for (const link of v.c.links) {
      const target = r.containers.get(link.target);
      const ip = target?.endpoints.find((ep) => ep.network.name === "bridge" && ep.ip !== null)?.ip;
      if (!target || !ip) continue;
      const prefix = link.alias.toUpperCase().replace(/[^A-Z0-9]/g, "_");
      const ports = [...new Set([...target.image.exposes, ...target.c.expose])]
        .map((p) => {
          const [num, proto] = p.split("/");
          return { port: Number(num), proto: proto ?? "tcp" };
        })
        .sort((a, b) => a.port - b.port);
      const first = ports[0];
      if (first) lines.push(`${prefix}_PORT=${first.proto}://${ip}:${first.port}`);
      for (const p of ports) {
        const key = `${prefix}_PORT_${p.port}_${p.proto.toUpperCase()}`;
        lines.push(`${key}=${p.proto}://${ip}:${p.port}`, `${key}_ADDR=${ip}`, `${key}_PORT=${p.port}`, `${key}_PROTO=${p.proto}`);
      }
      lines.push(`${prefix}_NAME=/${v.c.name}/${link.alias}`);
    }
  }
  // `-e NAME=value` of docker run come after what Docker sets itself, before HOME.
  if (v?.c.spec?.env) lines.push(...v.c.spec.env);
  lines.push("HOME=/root");
  return ok(`${lines.join("\n")}\n`);
}
