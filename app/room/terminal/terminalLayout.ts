/** Where the terminal sits and how big it is, remembered by this browser. */
import { type CSSProperties, useCallback, useState } from "react";
import type { TerminalDock } from "./Terminal";

export interface TerminalLayout {
  dock: TerminalDock;
  size: number;
}

const KEY = "dockside.terminal";
const DEFAULT: TerminalLayout = { dock: "bottom", size: 200 };

function saved(): TerminalLayout {
  try {
    const v = JSON.parse(globalThis.localStorage?.getItem(KEY) ?? "null") as Partial<TerminalLayout> | null;
    if (v && (v.dock === "bottom" || v.dock === "side") && typeof v.size === "number" && v.size >= 100 && v.size <= 4000) return { dock: v.dock, size: v.size };
  } catch {
    // Unreadable: the default.
  }
  return DEFAULT;
}

export function useTerminalLayout(): [TerminalLayout, (l: TerminalLayout) => void] {
  const [layout, setLayout] = useState<TerminalLayout>(saved);
  const set = useCallback((l: TerminalLayout) => {
    setLayout(l);
    try {
      globalThis.localStorage?.setItem(KEY, JSON.stringify(l));
    } catch {
      // Private mode: the layout lasts for this page only.
    }
  }, []);
  return [layout, set];
}

/** The room grid's terminal track, as a CSS variable. */
export function terminalLayout(l: TerminalLayout): CSSProperties {
  return { "--term-size": `${l.size}px` } as CSSProperties;
}
