"use client";
/**
 * The canvas's selection as the page knows it: React Flow owns the selection and reports it here (for
 * presence and the inspector); the page asks the canvas to select a record by a request whose `seq`
 * makes a repeated ask distinct (a box just created, the presenter's selection while following).
 */
import { useCallback, useEffect, useState } from "react";

interface Selection {
  selected: string | null;
  setSelected: (id: string | null) => void;
  selectRequest: { id: string | null; seq: number };
  /** Asks the canvas to select `id`. */
  select: (id: string | null) => void;
}

/** `followed`: the selection of the presenter this canvas follows, selected here as it changes. */
export function useSelection(followed: string | null): Selection {
  const [selected, setSelected] = useState<string | null>(null);
  const [selectRequest, setSelectRequest] = useState<{ id: string | null; seq: number }>({ id: null, seq: 0 });
  const select = useCallback((id: string | null) => setSelectRequest((r) => ({ id, seq: r.seq + 1 })), []);
  useEffect(() => {
    if (followed) select(followed);
  }, [followed, select]);
  return { selected, setSelected, selectRequest, select };
}
