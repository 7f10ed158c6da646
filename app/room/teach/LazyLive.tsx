"use client";
import { type ComponentProps, lazy, Suspense } from "react";
import type { ExerciseAuthor as Author } from "./ExerciseAuthor";
import type { ReplayPanel as Replay } from "./ReplayPanel";

// Authoring checks goals by building documents through the shell, and replay is for owners only:
// neither belongs in the room's first paint.
const AuthorPanel = lazy(() => import("./ExerciseAuthor").then((m) => ({ default: m.ExerciseAuthor })));
const ReplayLoaded = lazy(() => import("./ReplayPanel").then((m) => ({ default: m.ReplayPanel })));

/** "New exercise", fetched the first time someone opens it. */
export function ExerciseAuthor(props: ComponentProps<typeof Author>) {
  return (
    <Suspense fallback={null}>
      <AuthorPanel {...props} />
    </Suspense>
  );
}

/** The replay timeline, fetched the first time the owner opens it. */
export function ReplayPanel(props: ComponentProps<typeof Replay>) {
  return (
    <Suspense
      fallback={
        <section className="panel replay" aria-label="Replay" aria-busy="true">
          <p className="muted">Opening replay…</p>
        </section>
      }
    >
      <ReplayLoaded {...props} />
    </Suspense>
  );
}
