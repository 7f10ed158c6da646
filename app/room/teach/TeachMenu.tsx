"use client";
import { useRef } from "react";

interface Props {
  owner: boolean;
  presenting: boolean;
  replaying: boolean;
  onPresent: () => void;
  onReplay: () => void;
  onAuthor: () => void;
}

/** Presenting stays one click away; replay and exercise authoring sit in a menu beside it. */
export function TeachMenu({ owner, presenting, replaying, onPresent, onReplay, onAuthor }: Props) {
  const menu = useRef<HTMLDetailsElement>(null);
  const closeThen = (fn: () => void) => () => {
    menu.current?.removeAttribute("open");
    fn();
  };
  return (
    <>
      {owner && (
        <button type="button" aria-pressed={presenting} onClick={onPresent}>
          {presenting ? "Stop presenting" : "Present"}
        </button>
      )}
      <details className="export-menu" ref={menu}>
        <summary>Teach</summary>
        <ul>
          {owner && (
            <li>
              <button type="button" aria-pressed={replaying} onClick={closeThen(onReplay)}>
                {replaying ? "Back to live" : "Replay history"}
              </button>
            </li>
          )}
          <li>
            <button type="button" onClick={closeThen(onAuthor)}>
              New exercise…
            </button>
          </li>
        </ul>
      </details>
    </>
  );
}
