/** Records in the order Docker saw them created: never in the order of a JavaScript object's keys. */
export function byOrder<T extends { order: number; id: string }>(records: Record<string, T>): T[] {
  return Object.values(records).sort((a, b) => a.order - b.order || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
