"use client";
/**
 * The "Can it reach?" answer the room shows: this member's own question, or the presenter's spotlight
 * while it plays here (until this member hides it). Its path is lit on the canvas and listed in the
 * tables; a presenter's own question becomes everyone's spotlight.
 */
import { useCallback, useMemo, useState } from "react";
import type { ReachResult } from "@/lib/sim";
import type { ReachQuery } from "@/lib/sync/live";
import type { LiveClient } from "@/lib/sync/live-client";
import type { LiveState } from "../teach/useLive";

const EMPTY: ReadonlySet<string> = new Set();

interface Reach {
  /** The answer shown: the spotlight's while it plays, else this member's. */
  shown: ReachResult | null;
  /** The ids on the shown answer's path. */
  highlight: ReadonlySet<string>;
  onResult: (r: ReachResult | null) => void;
  onQuery: (q: ReachQuery | null) => void;
  /** Hides the spotlight playing now; the presenter's next one shows again. */
  hideSpotlight: () => void;
}

export function useReach(live: LiveState, liveClient: LiveClient | null): Reach {
  const [own, setOwn] = useState<ReachResult | null>(null);
  const [hiddenSpot, setHiddenSpot] = useState(-1);
  const spotSeq = live.live.spotlight.seq;
  const spotlight = spotSeq === hiddenSpot ? null : live.spotlight;
  const shown = spotlight?.result ?? own;
  const highlight = useMemo(() => (shown ? new Set(shown.path.map((h) => h.id).filter((x): x is string => x !== null)) : EMPTY), [shown]);
  const onQuery = useCallback(
    (q: ReachQuery | null) => {
      if (live.presenting) void liveClient?.spotlight(q);
    },
    [live.presenting, liveClient],
  );
  const hideSpotlight = useCallback(() => setHiddenSpot(spotSeq), [spotSeq]);
  return { shown, highlight, onResult: setOwn, onQuery, hideSpotlight };
}
