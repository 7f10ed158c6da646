/**
 * `docker login` and `docker logout`: the daemon checks the registry's /v2/ endpoint, and the client
 * keeps the credentials in the machine's /root/.docker/config.json (base64 of `user:password`,
 * unencrypted, as the CLI warns). registry:2 as the catalog runs it has no authentication, so any
 * credentials pass; Docker Hub's accounts are not in the world, so Hub refuses every one.
 */
import { machineOnline } from "../../sim";
import { err, type Output, ok, type ShellContext } from "../context";
import { type CommandSpec, has, isOutput, last, parseFlags } from "./flags";
import { nameserverOf, registryEndpoint } from "./registry";

const CONFIG = "/root/.docker/config.json";
const HUB = "https://index.docker.io/v1/";
const PASSWORD_WARNING = "WARNING! Using --password via the CLI is insecure. Use --password-stdin.\n";
const STORE_WARNING = `\nWARNING! Your credentials are stored unencrypted in '${CONFIG}'.\nConfigure a credential helper to remove this warning. See\nhttps://docs.docker.com/go/credential-store/\n\n`;

const LOGIN: CommandSpec = {
  path: "docker login",
  usage: "docker login [OPTIONS] [SERVER]",
  flags: [
    { long: "username", short: "u", value: true },
    { long: "password", short: "p", value: true },
    { long: "password-stdin", value: false },
    { long: "help", value: false },
  ],
};

type Config = Record<string, unknown> & { auths: Record<string, { auth?: string }> };

/** The client's config file, or a fresh one when there is none (or it does not parse). */
function readConfig(ctx: ShellContext): Config {
  try {
    const parsed = JSON.parse(ctx.machineFile(CONFIG) ?? "{}") as unknown;
    if (typeof parsed === "object" && parsed !== null && !Array.isArray(parsed)) {
      const c = parsed as Record<string, unknown>;
      const auths = typeof c.auths === "object" && c.auths !== null ? (c.auths as Config["auths"]) : {};
      return { ...c, auths };
    }
  } catch {
    // A config the CLI cannot read is replaced, as it rewrites the whole file.
  }
  return { auths: {} };
}

/** The CLI writes the file tab-indented, without a final newline. */
function writeConfig(ctx: ShellContext, config: Config): string | null {
  return ctx.writeFile(CONFIG, JSON.stringify(config, null, "\t"), false);
}

/** What the daemon says when it checks `server` with these credentials; null when they pass. */
function check(ctx: ShellContext, server: string): string | null {
  if (server === HUB) {
    if (!machineOnline(ctx.resolved(), ctx.machineId)) {
      return `Get "https://registry-1.docker.io/v2/": dial tcp: lookup registry-1.docker.io on ${nameserverOf(ctx)}:53: no such host`;
    }
    return `Get "https://registry-1.docker.io/v2/": unauthorized: incorrect username or password`;
  }
  const endpoint = registryEndpoint(ctx, server);
  return endpoint.ok ? null : endpoint.error;
}

/** `docker login [-u USER] [-p PASSWORD] [SERVER]`. */
export function dockerLogin(ctx: ShellContext, argv: string[]): Output {
  const p = parseFlags(LOGIN, argv);
  if (isOutput(p)) return p;
  if (has(p, "help")) return ok(`Usage:  ${LOGIN.usage}\n\nAuthenticate to a registry.\nDefaults to Docker Hub if no server is specified.\n`);
  if (p.args.length > 1)
    return err(`"docker login" requires at most 1 argument.\nSee 'docker login --help'.\n\nUsage:  ${LOGIN.usage}\n\nAuthenticate to a registry\n`, 1);
  const server = p.args[0]?.replace(/^https?:\/\//, "").replace(/\/+$/, "") || HUB;
  const user = last(p, "username");
  const password = last(p, "password");
  const config = readConfig(ctx);
  // Dockside's terminal hands docker no standard input, and cannot answer the CLI's prompts.
  if (has(p, "password-stdin")) return err("Error: --password-stdin needs standard input, which this terminal does not give docker; use -p\n", 1);
  if (password === undefined) {
    const saved = config.auths[server]?.auth;
    const name = saved ? (fromBase64(saved).split(":")[0] ?? "") : "";
    // Saved credentials need no prompt; anything else would ask for a username and password.
    if (!saved || user !== undefined) return err("Error: Cannot perform an interactive login from a non TTY device\n", 1);
    const why = check(ctx, server);
    if (why) return err(`Error response from daemon: ${why}\n`, 1);
    const info = `Authenticating with existing credentials... [Username: ${name}]\n\n Info -> To login with a different account, run 'docker logout' followed by 'docker login'\n\n\n`;
    return { stdout: "Login Succeeded\n", stderr: info, exitCode: 0 };
  }
  if (user === undefined) return err("Error: Cannot perform an interactive login from a non TTY device\n", 1);
  const warn = has(p, "password") ? PASSWORD_WARNING : "";
  const why = check(ctx, server);
  if (why) return err(`${warn}Error response from daemon: ${why}\n`, 1);
  config.auths[server] = { auth: toBase64(`${user}:${password}`) };
  const written = writeConfig(ctx, config);
  if (written) return err(`${warn}Error saving credentials: ${written}\n`, 1);
  return { stdout: "Login Succeeded\n", stderr: warn + STORE_WARNING, exitCode: 0 };
}

/** Base64 of the UTF-8 bytes, as Go encodes the `auth` field. */
function toBase64(text: string): string {
  let binary = "";
  for (const b of new TextEncoder().encode(text)) binary += String.fromCharCode(b);
  return btoa(binary);
}

function fromBase64(text: string): string {
  try {
    return new TextDecoder().decode(Uint8Array.from(atob(text), (c) => c.charCodeAt(0)));
  } catch {
    return "";
  }
}

/** `docker logout [SERVER]`: forgets the credentials (the CLI says so whether or not it had any). */
export function dockerLogout(ctx: ShellContext, argv: string[]): Output {
  const args = argv.filter((a) => !a.startsWith("-"));
  if (args.length > 1)
    return err(`"docker logout" requires at most 1 argument.\nSee 'docker logout --help'.\n\nUsage:  docker logout [SERVER]\n\nLog out from a registry\n`, 1);
  const server = args[0]?.replace(/^https?:\/\//, "").replace(/\/+$/, "") || HUB;
  const config = readConfig(ctx);
  if (config.auths[server]) {
    delete config.auths[server];
    const written = writeConfig(ctx, config);
    if (written) return err(`${written}\n`, 1);
  }
  return ok(`Removing login credentials for ${server}\n`);
}
