import type { Thumb, ThumbBox } from "@/lib/sync/thumbnail";

// Boxes have no ids; their order is the document's, so the index is a stable key.
const box = (b: ThumbBox, i: number) => (
  <rect key={i} x={b.x} y={b.y} width={b.w} height={b.h} rx={b.kind === "host" ? 14 : 8} className={`t-${b.kind}${b.on ? "" : " t-off"}`} />
);

/** A room's canvas in miniature: hosts, networks (green), containers (grey when stopped), and their links. */
export function Thumbnail({ thumb, label }: { thumb: Thumb; label: string }) {
  const centre = (i: number) => {
    const b = thumb.boxes[i];
    return b ? { x: b.x + b.w / 2, y: b.y + b.h / 2 } : { x: 0, y: 0 };
  };
  const xs = thumb.boxes.map((b) => b.x);
  const ys = thumb.boxes.map((b) => b.y);
  const minX = Math.min(0, ...xs);
  const minY = Math.min(0, ...ys);
  return (
    <svg className="thumb" viewBox={`${minX - 10} ${minY - 10} ${thumb.w - minX + 20} ${thumb.h - minY + 20}`} role="img" aria-label={`Canvas of ${label}`}>
      {thumb.boxes.map((b, i) => (b.kind === "host" ? box(b, i) : null))}
      {thumb.links.map(([a, b]) => {
        const p = centre(a);
        const q = centre(b);
        return <line key={`${a}-${b}`} x1={p.x} y1={p.y} x2={q.x} y2={q.y} className="t-link" />;
      })}
      {thumb.boxes.map((b, i) => (b.kind === "host" ? null : box(b, i)))}
    </svg>
  );
}
