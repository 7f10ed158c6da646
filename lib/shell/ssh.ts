/**
 * `ssh MACHINE COMMAND...`: runs a command on another host or VM. As with the real ssh, the words
 * are joined with spaces and the remote shell parses the line again, so quoting is applied twice.
 */
import { parseCidr } from "../model";
import { err, type Output, ShellContext } from "./context";
import { runScript } from "./script";

/** ssh options that take a value (`-p 22`, `-i key`); all others are single flags. */
const WITH_VALUE = new Set(["-p", "-i", "-l", "-o", "-F", "-J", "-L", "-R", "-D", "-E", "-b", "-c", "-m", "-S", "-W", "-w"]);

/**
 * Runs `ssh [OPTIONS] [USER@]MACHINE COMMAND...`: `run` executes one simple command in a shell on
 * that machine; the document it changes comes back into `ctx`.
 * @example ssh(ctx, ["vm1", "docker", "ps"], (vmCtx, words) => shell.execIn(vmCtx, words))
 */
export function ssh(ctx: ShellContext, args: string[], run: (ctx: ShellContext, words: string[]) => Output): Output {
  let i = 0;
  while (i < args.length && (args[i] as string).startsWith("-")) i += WITH_VALUE.has(args[i] as string) ? 2 : 1;
  const target = args[i];
  if (target === undefined) return err("usage: ssh [-46AaCfGgKkMNnqsTtVvXxYy] [-p port] destination [command [argument ...]]\n", 255);
  const host = target.includes("@") ? target.slice(target.indexOf("@") + 1) : target;
  const machine = Object.values(ctx.doc.machines).find(
    (m) => m.name === host || m.nics.some((n) => n.address !== null && parseCidr(n.address) !== null && n.address.split("/")[0] === host),
  );
  if (!machine) return err(`ssh: Could not resolve hostname ${host}: Name or service not known\n`, 255);
  if (machine.vm && machine.vm.state !== "running") return err(`ssh: connect to host ${host} port 22: No route to host\n`, 255);
  const line = args.slice(i + 1).join(" ");
  if (line.trim() === "")
    return err(`Pseudo-terminal will not be allocated because stdin is not a terminal.\nssh: give a command to run on ${machine.name}\n`, 255);
  const remote = new ShellContext(ctx.doc, machine.id, ctx.ids, ctx.clock);
  // The remote shell's redirections write the remote machine's own files, as the terminal's do.
  const out = runScript(line, new Map(), (words) => run(remote, words), {
    files: { read: (path) => remote.files.read(path), write: (path, text, append) => remote.writeFile(path, text, append) },
    cwd: remote.cwd,
  });
  ctx.absorb(remote);
  return out;
}
