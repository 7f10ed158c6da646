/** A box's published ports as badges (a container's, a swarm service's); nothing when it publishes none. */
export function PortBadges({ ports }: { ports: readonly string[] }) {
  if (ports.length === 0) return null;
  return (
    <ul className="ports" aria-label="published ports">
      {ports.map((p) => (
        <li key={p} className="badge">
          {p}
        </li>
      ))}
    </ul>
  );
}
