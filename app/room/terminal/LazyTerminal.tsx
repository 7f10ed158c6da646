"use client";
import { type ComponentType, lazy, Suspense, useState } from "react";
import type { TerminalProps } from "./Terminal";

type Loaded = { default: ComponentType<TerminalProps> };

/** Fetches the terminal's code (and xterm's), so that opening it later works offline too. */
export function preloadTerminal(): Promise<unknown> {
  return import("./Terminal").then((m) => m.preloadXterm()).catch(() => undefined);
}

/** A failed fetch is remembered by `lazy`: each try gets a loader of its own. */
function loader(onFail: () => void) {
  return lazy(
    (): Promise<Loaded> =>
      import("./Terminal").then(
        (m) => ({ default: m.Terminal }),
        () => {
          onFail();
          return { default: () => null };
        },
      ),
  );
}

/** The terminal panel, fetched the first time someone opens it (or ahead, by `preloadTerminal`). */
export function Terminal(props: TerminalProps) {
  const [failed, setFailed] = useState(false);
  const [Panel, setPanel] = useState(() => loader(() => setFailed(true)));
  if (failed) {
    return (
      <section className="panel terminal" aria-label="Terminal">
        <p role="alert">
          The terminal could not be loaded: the connection to the server is down.{" "}
          <button
            type="button"
            onClick={() => {
              setFailed(false);
              setPanel(() => loader(() => setFailed(true)));
            }}
          >
            Try again
          </button>{" "}
          <button type="button" onClick={props.onClose}>
            Close
          </button>
        </p>
      </section>
    );
  }
  return (
    <Suspense
      fallback={
        <section className="panel terminal" aria-label="Terminal" aria-busy="true">
          <p className="muted">Opening the terminal…</p>
        </section>
      }
    >
      <Panel {...props} />
    </Suspense>
  );
}
