"use client";
import { lazy, Suspense } from "react";
import type { RoomStore } from "../lib/store";
import type { TerminalTarget } from "./Terminal";

// The terminal brings xterm.js and the whole shell; the room's first paint needs neither.
const TerminalPanel = lazy(() => import("./Terminal").then((m) => ({ default: m.Terminal })));

/** The terminal panel, fetched the first time someone opens it. */
export function Terminal(props: { store: RoomStore; target: TerminalTarget; onClose: () => void }) {
  return (
    <Suspense
      fallback={
        <section className="panel terminal" aria-label="Terminal" aria-busy="true">
          <p className="muted">Opening the terminal…</p>
        </section>
      }
    >
      <TerminalPanel {...props} />
    </Suspense>
  );
}
