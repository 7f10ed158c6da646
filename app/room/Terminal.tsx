"use client";
import "@xterm/xterm/css/xterm.css";
import { useEffect, useRef } from "react";
import { randomIds } from "@/lib/model";
import { Shell, ShellContext } from "@/lib/shell";
import { PROGRAM_NAMES } from "@/lib/shell/tools";
import type { RoomStore } from "../lib/store";

export interface TerminalTarget {
  kind: "container" | "machine";
  id: string;
}

const DOCKER_WORDS = ["run", "create", "start", "stop", "restart", "kill", "rm", "rename", "exec", "ps", "inspect", "port", "network", "compose"];
const NETWORK_WORDS = ["create", "rm", "connect", "disconnect", "ls", "inspect", "prune"];

/** Longest common prefix, for tab completion of several candidates. */
function common(words: string[]): string {
  let p = words[0] ?? "";
  for (const w of words) while (!w.startsWith(p)) p = p.slice(0, -1);
  return p;
}

/**
 * A shell on a host or inside a container, on the room's document. Each command runs on the document
 * as it is now; the ops it produced are submitted one by one, so everyone's canvas changes with it.
 */
export function Terminal({ store, target, onClose }: { store: RoomStore; target: TerminalTarget; onClose: () => void }) {
  const host = useRef<HTMLDivElement>(null);
  const closeButton = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    const doc0 = store.doc;
    if (!host.current || !doc0) return;
    let disposed = false;
    let cleanup = () => {};
    const machineId = target.kind === "machine" ? target.id : (doc0.containers[target.id]?.machineId ?? "m-host");
    const shell = new Shell(new ShellContext(doc0, machineId, randomIds));
    const history: string[] = [];
    let hIndex = 0;
    let line = "";
    const prompt = () => {
      const doc = store.doc;
      if (target.kind === "container") return `root@${target.id.slice(0, 12)}:/# `;
      return `learner@${doc?.machines[machineId]?.name ?? "host"}:~$ `;
    };
    const names = () => {
      const d = store.doc;
      if (!d) return [];
      return [
        ...Object.values(d.containers)
          .filter((c) => c.machineId === machineId)
          .map((c) => c.name),
        ...Object.values(d.networks)
          .filter((n) => n.machineId === machineId)
          .map((n) => n.name),
      ];
    };
    const runLine = (text: string): string => {
      const doc = store.doc;
      if (!doc) return "not joined to the room yet\r\n";
      if (target.kind === "container" && !doc.containers[target.id]) return "the container is gone\r\n";
      // Always start from the room's document: someone else may have changed it since the last command.
      shell.ctx.doc = doc;
      const before = shell.ctx.applied.length;
      const name = target.kind === "container" ? doc.containers[target.id]?.name : undefined;
      const out = shell.run(name && text.trim() !== "" ? `docker exec ${name} ${text}` : text);
      let refused = "";
      for (const op of shell.ctx.applied.slice(before)) {
        const r = store.submit(op);
        if (!r.ok) {
          refused = `dockside: ${r.error}\r\n`;
          break;
        }
      }
      return (out.stdout + out.stderr).replace(/\r?\n/g, "\r\n") + refused;
    };
    (async () => {
      const [{ Terminal: XTerm }, { FitAddon }] = await Promise.all([import("@xterm/xterm"), import("@xterm/addon-fit")]);
      if (disposed || !host.current) return;
      const dark = window.matchMedia?.("(prefers-color-scheme: dark)").matches;
      const term = new XTerm({
        fontSize: 13,
        fontFamily: "ui-monospace, SFMono-Regular, Menlo, Consolas, monospace",
        cursorBlink: true,
        theme: dark ? { background: "#0b0f14", foreground: "#d8dee9" } : { background: "#fbfbfd", foreground: "#1f2328", cursor: "#1f2328" },
        screenReaderMode: true,
      });
      const fit = new FitAddon();
      term.loadAddon(fit);
      term.open(host.current);
      fit.fit();
      term.write(prompt());
      term.focus();
      // The terminal takes Tab for completion, so Escape is the keyboard's way out of it.
      term.attachCustomKeyEventHandler((e) => {
        if (e.type === "keydown" && e.key === "Escape") {
          closeButton.current?.focus();
          return false;
        }
        return true;
      });
      const sub = term.onData((data) => {
        for (const ch of data.length > 1 && !data.startsWith("\x1b") ? [...data] : [data]) {
          if (ch === "\r") {
            term.write("\r\n");
            if (line.trim()) {
              history.push(line);
              term.write(line.trim() === "clear" ? "\x1b[2J\x1b[H" : runLine(line));
            }
            hIndex = history.length;
            line = "";
            term.write(prompt());
          } else if (ch === "\x7f" || ch === "\b") {
            if (line.length > 0) {
              line = line.slice(0, -1);
              term.write("\b \b");
            }
          } else if (ch === "\x03") {
            term.write("^C\r\n");
            line = "";
            term.write(prompt());
          } else if (ch === "\x0c") {
            term.write(`\x1b[2J\x1b[H${prompt()}${line}`);
          } else if (ch === "\x1b[A" || ch === "\x1b[B") {
            hIndex = Math.max(0, Math.min(history.length, hIndex + (ch === "\x1b[A" ? -1 : 1)));
            const next = history[hIndex] ?? "";
            term.write(`\r\x1b[K${prompt()}${next}`);
            line = next;
          } else if (ch === "\t") {
            const words = line.split(" ");
            const last = words[words.length - 1] ?? "";
            const pool =
              words.length === 1
                ? ["docker", "clear", ...PROGRAM_NAMES]
                : words.length === 2 && words[0] === "docker"
                  ? DOCKER_WORDS
                  : words.length === 3 && words[1] === "network"
                    ? NETWORK_WORDS
                    : names();
            const hits = [...new Set(pool)].filter((w) => w.startsWith(last));
            if (hits.length === 1) {
              const add = `${(hits[0] as string).slice(last.length)} `;
              line += add;
              term.write(add);
            } else if (hits.length > 1) {
              const add = common(hits).slice(last.length);
              if (add) {
                line += add;
                term.write(add);
              } else term.write(`\r\n${hits.join("  ")}\r\n${prompt()}${line}`);
            }
          } else if (ch >= " " && !ch.startsWith("\x1b")) {
            line += ch;
            term.write(ch);
          }
        }
      });
      const onResize = () => fit.fit();
      window.addEventListener("resize", onResize);
      cleanup = () => {
        window.removeEventListener("resize", onResize);
        sub.dispose();
        term.dispose();
      };
    })();
    return () => {
      disposed = true;
      cleanup();
    };
  }, [store, target]);
  const doc = store.doc;
  const title = target.kind === "container" ? `container ${doc?.containers[target.id]?.name ?? ""}` : `${doc?.machines[target.id]?.name ?? "host"}`;
  return (
    <section className="panel terminal" aria-label={`Terminal on ${title}`}>
      <header>
        <h2>Terminal on {title}</h2>
        <button type="button" ref={closeButton} onClick={onClose} aria-label="Close the terminal" title="Close the terminal (Escape leaves the terminal)">
          ×
        </button>
      </header>
      <div ref={host} className="xterm-host" data-testid="terminal" />
    </section>
  );
}
