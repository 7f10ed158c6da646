/** BusyBox `nc` and `telnet`: connect, send what stdin holds, print what the server answers. */
import { err, type Output, type ToolEnv } from "../context";
import { connect, httpDate, httpGet, type Outcome } from "./net";

const STRERROR: Record<string, string> = {
  refused: "Connection refused",
  "host-unreachable": "No route to host",
  "net-unreachable": "Network is unreachable",
  timeout: "Connection timed out",
};

/** What the server says to `input`: redis answers PING, web servers answer a GET. */
function converse(outcome: Extract<Outcome, { kind: "connected" }>, input: string, now: number): string {
  const image = outcome.answeredBy?.image.name;
  if (image === "redis") {
    return input
      .split(/\r?\n/)
      .filter((l) => l.trim() !== "")
      .map((l) => (l.trim().toUpperCase() === "PING" ? "+PONG\r\n" : `-ERR unknown command '${l.trim().split(/\s+/)[0]}'\r\n`))
      .join("");
  }
  const get = /^(GET|HEAD) (\S+)/.exec(input);
  if (get) {
    const res = httpGet(outcome, get[2] as string);
    if (!res) return "";
    const head = `HTTP/1.1 ${res.status} ${res.reason}\r\nContent-type: text/html\r\nDate: ${httpDate(now)}\r\nConnection: close\r\n\r\n`;
    return get[1] === "HEAD" ? head : head + res.body;
  }
  return "";
}

function session(env: ToolEnv, prog: "nc" | "telnet", host: string, port: number, input: string, probeOnly: boolean): Output {
  const outcome = connect(env, host, port);
  if (outcome.kind === "bad-address") return err(`${prog}: bad address '${host}'\n`, 1);
  if (outcome.kind !== "connected") return err(`${prog}: can't connect to remote host (${outcome.address}): ${STRERROR[outcome.kind]}\n`, 1);
  if (probeOnly) return { stdout: "", stderr: "", exitCode: 0 };
  return { stdout: converse(outcome, input, env.ctx.now), stderr: "", exitCode: 0 };
}

const NC_USAGE = `BusyBox v1.35.0 (Debian 1:1.35.0-4+deb12u1+b1) multi-call binary.

Usage: nc [OPTIONS] HOST PORT  - connect
nc [OPTIONS] -l -p PORT [HOST] [PORT]  - listen

\t-e PROG\tRun PROG after connect (must be last)
\t-l\tListen mode, for inbound connects
\t-lk\tWith -e, provides persistent server
\t-p PORT\tLocal port
\t-s ADDR\tLocal address
\t-w SEC\tTimeout for connects and final net reads
\t-i SEC\tDelay interval for lines sent
\t-n\tDon't do DNS resolution
\t-u\tUDP mode
\t-b\tAllow broadcasts
\t-v\tVerbose
\t-o FILE\tHex dump traffic
\t-z\tZero-I/O mode (scanning)
`;

/**
 * `nc [-w SEC] [-z] HOST PORT`, reading stdin (from a `sh -c` pipe).
 * @example nc(env, ["red", "6379"], "PING\r\n").stdout // "+PONG\r\n"
 */
export function nc(env: ToolEnv, args: string[], stdin = ""): Output {
  const positional: string[] = [];
  let zero = false;
  let listen = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (!a.startsWith("-")) {
      positional.push(a);
      continue;
    }
    for (let j = 1; j < a.length; j++) {
      const f = a[j] as string;
      if ("wpsieo".includes(f)) {
        if (j + 1 >= a.length) i++;
        break;
      }
      if (f === "z") zero = true;
      else if (f === "l") listen = true;
    }
  }
  // A listener never returns on its own; servers are declared on the container instead.
  if (listen) return err("nc: listening is modelled by the container's command, not by docker exec\n", 1);
  const [host, portText] = positional;
  const port = Number(portText);
  if (host === undefined || !Number.isInteger(port) || port < 1 || port > 65535) return err(NC_USAGE, 1);
  return session(env, "nc", host, port, stdin, zero);
}

/**
 * `telnet HOST [PORT]`.
 * @example telnet(env, ["red", "6380"]).stderr // "telnet: can't connect to remote host (172.18.0.4): Connection refused\n"
 */
export function telnet(env: ToolEnv, args: string[], stdin = ""): Output {
  const positional = args.filter((a) => !a.startsWith("-"));
  const [host, portText] = positional;
  if (host === undefined) {
    return err(
      "BusyBox v1.35.0 (Debian 1:1.35.0-4+deb12u1+b1) multi-call binary.\n\nUsage: telnet [-a] [-l USER] HOST [PORT]\n\nConnect to telnet server\n\n\t-a\tAutomatic login with $USER variable\n\t-l USER\tAutomatic login as USER\n",
      1,
    );
  }
  const port = portText === undefined ? 23 : Number(portText);
  if (!Number.isInteger(port) || port < 1 || port > 65535) return err(`telnet: bad port '${portText}'\n`, 1);
  return session(env, "telnet", host, port, stdin, false);
}
