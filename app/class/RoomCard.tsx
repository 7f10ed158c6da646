import type { RoomStatus } from "@/lib/sync/class";
import { Thumbnail } from "./Thumbnail";

function ago(t: number | null, now: number): string {
  if (t === null) return "no edits yet";
  const s = Math.max(0, Math.round((now - t) / 1000));
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  return new Date(t).toLocaleTimeString();
}

export function RoomCard({
  room,
  goalTitles,
  now,
  onOpen,
  onReset,
  busy,
}: {
  room: RoomStatus;
  goalTitles: string[];
  now: number;
  onOpen: (as: "viewer" | "editor") => void;
  onReset: () => void;
  busy: boolean;
}) {
  const done = room.total > 0 && room.met === room.total;
  return (
    <li className={`room-card${done ? " done" : ""}`} data-room={room.roomId} aria-label={`Room ${room.label}`}>
      <header>
        <strong>{room.label}</strong>
        <span className="goal-tally" data-testid="goal-tally">
          {room.met}/{room.total} goals
        </span>
      </header>
      <Thumbnail thumb={room.thumb} label={room.label} />
      <ol className="goal-dots" aria-label="Goals">
        {room.goals.map((met, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: goals are fixed by the exercise, in order
          <li key={i} className={met ? "met" : ""} title={`${goalTitles[i] ?? `Goal ${i + 1}`}: ${met ? "met" : "not yet"}`} />
        ))}
      </ol>
      <p className="small">
        {room.students.length === 0
          ? "Nobody yet"
          : room.students.map((s, i) => (
              <span key={s.name} className={s.online ? "online" : "offline"}>
                {i > 0 ? ", " : ""}
                {s.name}
              </span>
            ))}
      </p>
      <p className="small muted">
        {ago(room.lastActivity, now)}
        {room.allMetAt !== null && ` · all met at ${new Date(room.allMetAt).toLocaleTimeString()}`}
      </p>
      <div className="card-actions">
        <button type="button" onClick={() => onOpen("viewer")} disabled={busy}>
          Watch
        </button>
        <button type="button" onClick={() => onOpen("editor")} disabled={busy}>
          Edit
        </button>
        <button type="button" onClick={onReset} disabled={busy}>
          Reset
        </button>
      </div>
    </li>
  );
}
