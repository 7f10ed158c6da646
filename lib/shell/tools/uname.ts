/**
 * `uname`: the kernel of the machine the program runs on. A container shares its machine's kernel
 * (a host's or a VM's), so `uname -r` is the same on a host and in all its containers, and differs
 * inside a VM, which runs its own.
 */
import { kernelRelease, kernelVersion } from "../../model";
import { err, type Output, ok, type ToolEnv } from "../context";

const FIELDS = ["s", "n", "r", "v", "m", "o"] as const;

/**
 * @example uname(env, ["-r"]).stdout // "6.12.57+deb13-amd64\n"
 */
export function uname(env: ToolEnv, args: string[]): Output {
  const machine = env.view?.machine ?? env.ctx.doc.machines[env.source.id];
  const release = machine ? kernelRelease(machine) : kernelRelease({ kind: "host" });
  const hostname = env.view ? env.view.hostname : (machine?.name ?? "localhost");
  const values: Record<(typeof FIELDS)[number], string> = {
    s: "Linux",
    n: hostname,
    r: release,
    v: kernelVersion(release),
    m: "x86_64",
    o: "GNU/Linux",
  };
  const asked = new Set<string>();
  for (const a of args) {
    if (a === "--all") for (const f of FIELDS) asked.add(f);
    else if (/^-[a-z]+$/.test(a)) {
      for (const ch of a.slice(1)) {
        if (ch === "a") for (const f of FIELDS) asked.add(f);
        else if ((FIELDS as readonly string[]).includes(ch)) asked.add(ch);
        else if (ch !== "p" && ch !== "i") return err(`uname: invalid option -- '${ch}'\n`, 1);
      }
    } else return err(`uname: extra operand '${a}'\n`, 1);
  }
  if (asked.size === 0) asked.add("s");
  return ok(
    `${FIELDS.filter((f) => asked.has(f))
      .map((f) => values[f])
      .join(" ")}\n`,
  );
}
