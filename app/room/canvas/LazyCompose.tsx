"use client";
import { type ComponentProps, lazy, Suspense } from "react";
import type { ComposeDialog as Dialog } from "./ComposeDialog";

// Compose brings a YAML parser and the compose loader; fetched when someone imports a compose file.
const DialogLoaded = lazy(() => import("./ComposeDialog").then((m) => ({ default: m.ComposeDialog })));

/** The compose import dialog, loaded on first use. */
export function ComposeDialog(props: ComponentProps<typeof Dialog>) {
  return (
    <Suspense fallback={null}>
      <DialogLoaded {...props} />
    </Suspense>
  );
}
