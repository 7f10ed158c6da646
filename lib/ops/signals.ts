/**
 * The main process's side of the daemon, shared by the containers and processes families: which
 * signals end it and with what code, what its restart policy does when it ends, the cgroup limits'
 * checks, and how its log is kept. The daemon's own error texts.
 */
import { type Container, containerImage, type Doc, LOG_LINE_MAX, LOG_LINES_MAX, type LogLine, type Resources } from "../model";
import { commandLine } from "../sim";
import { fail } from "./errors";

/** Linux signal numbers by name, as the daemon's signal map knows them. */
const SIGNALS: Readonly<Record<string, number>> = {
  HUP: 1,
  INT: 2,
  QUIT: 3,
  ILL: 4,
  TRAP: 5,
  ABRT: 6,
  IOT: 6,
  BUS: 7,
  FPE: 8,
  KILL: 9,
  USR1: 10,
  SEGV: 11,
  USR2: 12,
  PIPE: 13,
  ALRM: 14,
  TERM: 15,
  STKFLT: 16,
  CHLD: 17,
  CLD: 17,
  CONT: 18,
  STOP: 19,
  TSTP: 20,
  TTIN: 21,
  TTOU: 22,
  URG: 23,
  XCPU: 24,
  XFSZ: 25,
  VTALRM: 26,
  PROF: 27,
  WINCH: 28,
  IO: 29,
  POLL: 29,
  PWR: 30,
  SYS: 31,
};

/**
 * The daemon's `ParseSignal`: a number, or a name with or without "SIG" in any case.
 * @example parseSignal("sigterm") // 15
 */
export function parseSignal(raw: string): number {
  if (/^\d+$/.test(raw)) {
    const n = Number(raw);
    if (n === 0 || n > 64) fail("signal.invalid", `Invalid signal: ${raw}`);
    return n;
  }
  const n = SIGNALS[raw.toUpperCase().replace(/^SIG/, "")];
  if (n === undefined) fail("signal.invalid", `Invalid signal: ${raw}`);
  return n;
}

/** Signals whose default action is to do nothing: they never end a process. */
const IGNORED_BY_DEFAULT = new Set([17, 18, 19, 20, 21, 22, 23, 28]);

/** Whether the main process is the image's own server (its default command), which handles its signals. */
function runsImageServer(c: Container): boolean {
  const image = containerImage(c);
  if (image.listens.length === 0 || c.spec?.entrypoint) return false;
  const line = commandLine(c);
  const prog = (line.find((w) => !w.endsWith("entrypoint.sh")) ?? "").split("/").pop();
  const own = (image.cmd.find((w) => !w.endsWith("entrypoint.sh")) ?? "").split("/").pop();
  return prog === own;
}

/**
 * What a signal does to the running main process: the exit code it ends with, or null when the process
 * lives on. A PID 1 without a handler ignores every signal but KILL (the kernel's rule for a namespace's
 * init); the images' servers shut down cleanly on TERM, INT, QUIT and their own STOPSIGNAL; with
 * `--init`, tini forwards the signal to a child that dies of it (128 + the signal).
 */
export function signalOutcome(c: Container, signo: number): number | null {
  if (signo === 9) return 137;
  const image = containerImage(c);
  if (runsImageServer(c)) {
    const stop = image.stopSignal ? SIGNALS[image.stopSignal.replace(/^SIG/, "")] : 15;
    return signo === 15 || signo === 2 || signo === 3 || signo === stop ? image.stopExitCode : null;
  }
  if (c.spec?.init && !IGNORED_BY_DEFAULT.has(signo)) return 128 + signo;
  return null;
}

/** The signal `docker stop` sends: the image's STOPSIGNAL, else SIGTERM. */
export function stopSignalOf(c: Container): number {
  const s = containerImage(c).stopSignal;
  return s ? (SIGNALS[s.replace(/^SIG/, "")] ?? 15) : 15;
}

/** Lines as the log keeps them: each cut to the longest kept, the oldest dropped past the cap. */
export function appendLog(doc: Doc, containerId: string, lines: readonly LogLine[]): void {
  if (lines.length === 0) return;
  doc.logs ??= {};
  const kept = [...(doc.logs[containerId] ?? []), ...lines.map((l) => ({ ...l, text: l.text.slice(0, LOG_LINE_MAX) }))];
  doc.logs[containerId] = kept.length > LOG_LINES_MAX ? kept.slice(kept.length - LOG_LINES_MAX) : kept;
}

/**
 * Whether the restart policy brings the process back after it ended with `exitCode` by itself (not by
 * `docker stop` or `kill`): the daemon's restart manager.
 */
export function restartsAfter(c: Container, exitCode: number): boolean {
  const policy = c.spec?.restart;
  if (!policy || policy.name === "no" || c.manuallyStopped) return false;
  if (policy.name === "on-failure") return exitCode !== 0 && (policy.maxRetries === 0 || (c.restartCount ?? 0) < policy.maxRetries);
  return true;
}

/**
 * Whether the daemon's restore brings `c` back when its engine starts (RestartManager.ShouldRestart
 * with the count reset): `always` even after `docker stop`, `unless-stopped` only if not stopped by
 * hand, `on-failure` after a non-zero exit. Only a container that has run before.
 */
export function restartsWithEngine(c: Container): boolean {
  const policy = c.spec?.restart;
  if (!policy || c.startedAt === 0) return false;
  if (policy.name === "always") return true;
  if (policy.name === "unless-stopped") return !c.manuallyStopped;
  return policy.name === "on-failure" && c.exitCode !== 0;
}

/** CPUs of every simulated machine: `--cpus` is checked against them, `docker info` shows them. */
export const MACHINE_CPUS = 2;

/**
 * The daemon's checks of cgroup limits (`verifyPlatformContainerResources`), with its words; fills in
 * what the daemon fills in (swap twice the memory when only the memory is limited).
 */
export function checkResources(r: Resources, before?: Resources): Resources {
  const out = { ...r };
  if (out.memory > 0 && out.memory < 6 * 1024 * 1024) fail("resources.memory", "Minimum memory limit allowed is 6MB");
  if (out.memory > 0 && out.memorySwap > 0 && out.memorySwap < out.memory) {
    fail("resources.swap", "Minimum memoryswap limit should be larger than memory limit, see usage");
  }
  if (out.memory === 0 && out.memorySwap > 0 && !before?.memory) fail("resources.swap", "You should always set the Memory limit when using Memoryswap limit");
  if (out.nanoCpus > 0 && (out.nanoCpus < 10_000_000 || out.nanoCpus > MACHINE_CPUS * 1e9)) {
    fail("resources.cpus", `Range of CPUs is from 0.01 to ${MACHINE_CPUS.toFixed(2)}, as there are only ${MACHINE_CPUS} CPUs available`);
  }
  if (!before && out.memory > 0 && out.memorySwap === 0) out.memorySwap = 2 * out.memory;
  return out;
}

export const NO_LIMITS: Resources = { memory: 0, memorySwap: 0, nanoCpus: 0, cpuShares: 0, pidsLimit: null };
