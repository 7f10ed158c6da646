"use client";
import type { LiveState } from "./useLive";

interface Props {
  live: LiveState;
  /** Names a source record of the spotlight's query. */
  nameOf: (id: string) => string;
  onClearSpotlight: () => void;
}

/** Who this canvas follows, the way back to the presenter, and the presenter's spotlight. */
export function LiveBar({ live, nameOf, onClearSpotlight }: Props) {
  const { leader, brokeAway, presenting, spotlight } = live;
  const presenter = live.live.presenter;
  if (!leader && !brokeAway && !presenting && !spotlight) return null;
  return (
    <div className="livebar" role="status" aria-live="polite">
      {presenting && <span className="chip chip-present">You are presenting: everyone follows your view</span>}
      {leader?.reason === "presenter" && (
        <span className="chip chip-follow" data-testid="following">
          Following {leader.name} (presenting)
          <button type="button" onClick={live.breakAway}>
            Break away
          </button>
        </span>
      )}
      {leader?.reason === "follow" && (
        <span className="chip chip-follow" data-testid="following">
          Following {leader.name}
          <button type="button" onClick={() => live.follow(null)}>
            Stop
          </button>
        </span>
      )}
      {brokeAway && !leader && presenter && (
        <span className="chip">
          {presenter.name} is presenting
          <button type="button" onClick={live.backToPresenter}>
            Back to presenter
          </button>
        </span>
      )}
      {spotlight && (
        <span className={`chip chip-spotlight v-${spotlight.result.verdict}`} data-testid="spotlight">
          Spotlight: {nameOf(spotlight.query.source.id)} → {spotlight.query.target}
          {spotlight.query.port === null ? " (ping)" : `:${spotlight.query.port}`} — <strong>{spotlight.result.verdict}</strong>{" "}
          <span className="muted">{spotlight.result.reason}</span>
          <button type="button" onClick={onClearSpotlight} aria-label="Hide the spotlight">
            ×
          </button>
        </span>
      )}
    </div>
  );
}
