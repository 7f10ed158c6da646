import type { RoomStatus } from "@/lib/sync/class";

/**
 * Where the class is stuck: each room is stuck on the first goal it has not met (goals build on each
 * other), and the goal most rooms are stuck on is the one to explain to everyone.
 */
export function stuckCounts(rooms: readonly RoomStatus[], goals: number): number[] {
  const counts = Array.from({ length: goals }, () => 0);
  for (const r of rooms) {
    if (r.students.length === 0 || r.goals.length === 0) continue;
    const first = r.goals.findIndex((met) => !met);
    if (first >= 0 && first < goals) counts[first] = (counts[first] ?? 0) + 1;
  }
  return counts;
}

export function StuckSummary({ rooms, goalTitles }: { rooms: readonly RoomStatus[]; goalTitles: readonly string[] }) {
  const counts = stuckCounts(rooms, goalTitles.length);
  const working = rooms.filter((r) => r.students.length > 0 && r.goals.length > 0).length;
  const most = counts.reduce((best, n, i) => (n > (counts[best] ?? 0) ? i : best), 0);
  if (working === 0) return null;
  return (
    <section className="stuck" aria-labelledby="stuck-h">
      <h2 id="stuck-h">Where rooms are stuck</h2>
      {(counts[most] ?? 0) > 0 ? (
        <p data-testid="stuck-most">
          Most are stuck on goal {most + 1}: <strong>{goalTitles[most]}</strong> ({counts[most]} of {working} rooms)
        </p>
      ) : (
        <p data-testid="stuck-most">No room is stuck: every room with students has met every goal.</p>
      )}
      <ol className="stuck-goals">
        {goalTitles.map((t, i) => (
          <li key={t}>
            {t}: {counts[i]} room{counts[i] === 1 ? "" : "s"} stuck here
          </li>
        ))}
      </ol>
    </section>
  );
}
