/** One name and value in an inspector's definition list. */
export function Field({ k, v }: { k: string; v: string }) {
  return (
    <div className="field">
      <dt>{k}</dt>
      <dd>{v}</dd>
    </div>
  );
}
