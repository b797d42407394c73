import { useEffect, useState } from 'react';

/** Where the board area starts on screen (below the top bar and any phase bar). */
function boardBodyTop(): number {
  const body = document.querySelector('.board-body');
  return body ? Math.max(0, Math.round(body.getBoundingClientRect().top)) : 56;
}

/**
 * The top edge for a panel laid over the board: it sits below the bars, which
 * change height (a phase bar appears, the window narrows).
 */
export function useDrawerTop(): number {
  const [top, setTop] = useState(boardBodyTop);
  useEffect(() => {
    const update = () => setTop(boardBodyTop());
    const observer = new ResizeObserver(update);
    const body = document.querySelector('.board-body');
    if (body) observer.observe(body);
    const shell = document.querySelector('.board-shell');
    if (shell) observer.observe(shell);
    window.addEventListener('resize', update);
    return () => {
      observer.disconnect();
      window.removeEventListener('resize', update);
    };
  }, []);
  return top;
}
