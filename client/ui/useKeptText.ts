/**
 * Text a person is writing that must outlive the component showing it: the
 * phone's composer is unmounted when they open the full board or turn the
 * phone (landscape is past the phone layout), and what they had typed was gone
 * (red team). Kept in this tab's sessionStorage under `key` until it is empty.
 */
import { useState } from 'react';

function read(key: string): string {
  try {
    return sessionStorage.getItem(key) ?? '';
  } catch {
    return '';
  }
}

export function useKeptText(key: string): [string, (next: string) => void] {
  const [text, setText] = useState(() => read(key));
  const set = (next: string) => {
    setText(next);
    try {
      if (next) sessionStorage.setItem(key, next);
      else sessionStorage.removeItem(key);
    } catch {
      // Storage full or refused (private mode): the text still lives in the component.
    }
  };
  return [text, set];
}
