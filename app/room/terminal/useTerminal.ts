"use client";
/**
 * The room's terminal: which machine or container it is open on, where it sits (remembered by this
 * browser), and its code fetched ahead of first use once the room is joined, so opening it works even
 * after the network drops.
 */
import { useEffect, useState } from "react";
import { preloadTerminal } from "./LazyTerminal";
import type { TerminalTarget } from "./Terminal";
import { type TerminalLayout, useTerminalLayout } from "./terminalLayout";

interface TerminalState {
  target: TerminalTarget | null;
  open: (t: TerminalTarget) => void;
  close: () => void;
  layout: TerminalLayout;
  setLayout: (l: TerminalLayout) => void;
}

export function useTerminal(joined: boolean): TerminalState {
  const [target, setTarget] = useState<TerminalTarget | null>(null);
  const [layout, setLayout] = useTerminalLayout();
  useEffect(() => {
    if (!joined) return;
    const t = setTimeout(() => void preloadTerminal(), 1500);
    return () => clearTimeout(t);
  }, [joined]);
  return { target, open: setTarget, close: () => setTarget(null), layout, setLayout };
}
