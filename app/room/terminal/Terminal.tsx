"use client";
import "@xterm/xterm/css/xterm.css";
import { useEffect, useRef } from "react";
import { randomIds } from "@/lib/model";
import { DOCKER_COMPLETIONS, printable, Shell, ShellContext, terminalText } from "@/lib/shell";
import { PROGRAM_NAMES } from "@/lib/shell/tools";
import { commandLine } from "@/lib/sync/events";
import type { RoomStore } from "../../lib/store";

export interface TerminalTarget {
  kind: "container" | "machine";
  id: string;
}

/** Below the canvas, or beside it in place of the palette. */
export type TerminalDock = "bottom" | "side";

export interface TerminalProps {
  store: RoomStore;
  target: TerminalTarget;
  onClose: () => void;
  dock: TerminalDock;
  /** Height (docked below) or width (beside), in pixels. */
  size: number;
  onLayout: (dock: TerminalDock, size: number) => void;
}

const TERMINAL_MIN = 120;
/** The largest share of the window the terminal may take, so the canvas always keeps some. */
const TERMINAL_MAX_SHARE = 0.6;

const loadXterm = () => Promise.all([import("@xterm/xterm"), import("@xterm/addon-fit")]);

/** Fetches xterm ahead of the first use. */
export function preloadXterm(): Promise<unknown> {
  return loadXterm();
}

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
export function Terminal({ store, target, onClose, dock, size, onLayout }: TerminalProps) {
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
      return `learner@${printable(doc?.machines[machineId]?.name ?? "host")}:~$ `;
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
      const name = target.kind === "container" ? doc.containers[target.id]?.name : undefined;
      const out = shell.run(name && text.trim() !== "" ? `docker exec ${name} ${text}` : text);
      // Every op of the line carries it, so replay can say which command made each change.
      const command = commandLine(text);
      for (const [i, op] of out.ops.entries()) {
        const r = store.submit(op, command);
        // Refused: the command did not happen here, so its output (a new container's id, "created")
        // would be a lie. What an earlier op of the same command did stays, as the room has it.
        if (!r.ok) return `${i === 0 ? "" : "(only partly done) "}dockside: ${printable(r.error)}\r\n`;
      }
      // Names and output may hold what others typed: their control characters are shown, not run.
      return terminalText(out);
    };
    (async () => {
      const loaded = await loadXterm().catch(() => null);
      if (!loaded) {
        if (host.current) host.current.textContent = "The terminal could not be loaded: the connection to the server is down. Close it and try again.";
        return;
      }
      const [{ Terminal: XTerm }, { FitAddon }] = loaded;
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
                  ? DOCKER_COMPLETIONS.top
                  : words.length === 3 && words[0] === "docker"
                    ? (DOCKER_COMPLETIONS.groups[words[1] as string] ?? names())
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
      // Window resizes, dragging the separator and docking elsewhere all change the host's size.
      const resized = new ResizeObserver(() => fit.fit());
      resized.observe(host.current);
      cleanup = () => {
        resized.disconnect();
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
    <section className={`panel terminal dock-${dock}`} aria-label={`Terminal on ${title}`}>
      <Separator dock={dock} size={size} onSize={(s) => onLayout(dock, s)} />
      <header>
        <h2>Terminal on {title}</h2>
        <button type="button" onClick={() => onLayout(dock === "bottom" ? "side" : "bottom", dock === "bottom" ? 420 : 230)}>
          {dock === "bottom" ? "Dock beside the canvas" : "Dock below the canvas"}
        </button>
        <button type="button" ref={closeButton} onClick={onClose} aria-label="Close the terminal" title="Close the terminal (Escape leaves the terminal)">
          ×
        </button>
      </header>
      <div ref={host} className="xterm-host" data-testid="terminal" />
    </section>
  );
}

/** The largest size the terminal may take in this window, docked this way. */
function terminalMax(dock: TerminalDock): number {
  const side = dock === "bottom" ? window.innerHeight : window.innerWidth;
  return Math.max(TERMINAL_MIN, Math.round(side * TERMINAL_MAX_SHARE));
}

/** The terminal's edge towards the canvas: drag it, or focus it and use the arrow keys. */
function Separator({ dock, size, onSize }: { dock: TerminalDock; size: number; onSize: (s: number) => void }) {
  const clamp = (s: number) => Math.round(Math.min(terminalMax(dock), Math.max(TERMINAL_MIN, s)));
  const grow = dock === "bottom" ? ["ArrowUp", "ArrowDown"] : ["ArrowRight", "ArrowLeft"];
  return (
    // biome-ignore lint/a11y/useSemanticElements: a focusable, movable separator has no native element (hr is static)
    <div
      className="term-separator"
      role="separator"
      aria-orientation={dock === "bottom" ? "horizontal" : "vertical"}
      aria-label="Terminal size"
      aria-valuenow={size}
      aria-valuemin={TERMINAL_MIN}
      aria-valuemax={terminalMax(dock)}
      tabIndex={0}
      onKeyDown={(e) => {
        const step = e.shiftKey ? 80 : 20;
        if (e.key === grow[0]) onSize(clamp(size + step));
        else if (e.key === grow[1]) onSize(clamp(size - step));
        else return;
        e.preventDefault();
      }}
      onPointerDown={(e) => {
        const el = e.currentTarget;
        el.setPointerCapture(e.pointerId);
        const start = dock === "bottom" ? e.clientY : e.clientX;
        const from = size;
        const move = (m: PointerEvent) => onSize(clamp(dock === "bottom" ? from + (start - m.clientY) : from + (m.clientX - start)));
        const up = () => {
          el.removeEventListener("pointermove", move);
          el.removeEventListener("pointerup", up);
        };
        el.addEventListener("pointermove", move);
        el.addEventListener("pointerup", up);
      }}
    />
  );
}
