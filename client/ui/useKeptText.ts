/**
 * Text a person is writing that must outlive the component showing it: the
 * phone's composer is unmounted when they open the full board or turn the
 * phone (landscape is past the phone layout), and what they had typed was gone
 * (red team); a comment half written when the link was reset, too. Kept under
 * `key` until it is empty: in this tab (`session`), or in this browser
 * (`local`: the new link may open in another tab). An empty key keeps nothing.
 */
import { useState } from 'react';

type Where = 'session' | 'local';

const storage = (where: Where): Storage => (where === 'local' ? localStorage : sessionStorage);

function read(key: string, where: Where): string {
  try {
    return key ? (storage(where).getItem(key) ?? '') : '';
  } catch {
    return '';
  }
}

/** What is kept under `key` now (outside a component: whether anything is half written). */
export function keptText(key: string, where: Where = 'session'): string {
  return read(key, where);
}

export function useKeptText(key: string, where: Where = 'session'): [string, (next: string) => void] {
  const [text, setText] = useState(() => read(key, where));
  const set = (next: string) => {
    setText(next);
    if (!key) return;
    try {
      if (next) storage(where).setItem(key, next);
      else storage(where).removeItem(key);
    } catch {
      // Storage full or refused (private mode): the text still lives in the component.
    }
  };
  return [text, set];
}
