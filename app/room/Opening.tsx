"use client";
import type { SyncSnapshot } from "@/lib/sync/client";

/** The room page before its document is here: opening, joining, or why the room cannot be opened. */
export function Opening({ state }: { state: SyncSnapshot | null }) {
  if (!state)
    return (
      <main id="main" className="loading">
        Opening the room…
      </main>
    );
  return (
    <main id="main" className="loading" aria-live="polite">
      {state.status === "refused" || state.status === "removed" ? (
        <>
          <h1>Can’t open this room</h1>
          <p>{state.error}</p>
          <a href="/">Back to the start page</a>
        </>
      ) : (
        <p>Joining the room… ({state.status})</p>
      )}
    </main>
  );
}
