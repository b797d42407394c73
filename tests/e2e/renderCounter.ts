/**
 * Which React components render, counted in the real built client through the
 * hook React DevTools use (React calls `__REACT_DEVTOOLS_GLOBAL_HOOK__.onCommitFiberRoot`
 * after every commit, production builds included). A component "rendered" in a
 * commit when its function ran: its fiber carries React's PerformedWork flag
 * and a hook list that is new since the last look. Each rendered component is
 * named by the first element it renders: the card (`[data-card-id]`) or column
 * (`section.column[data-column]`) that element sits in.
 */
import type { BrowserContext, Page } from 'playwright-core';

export interface Renders {
  /** Commits since `resetRenders`. */
  commits: number;
  /** Card id → how many times a component inside that card rendered. */
  cards: Record<string, number>;
  /** Column id → how many times the column's own component rendered. */
  columns: Record<string, number>;
  /** Renders of every other component, by the first element it renders (`tag.class`, or `-` for none). */
  others: Record<string, number>;
}

/** Installs the counting hook in every page of `context`; call before the pages open the board. */
export async function countRenders(context: BrowserContext): Promise<void> {
  // Given as source: a test runner's transform may wrap named functions in a `__name` helper the page does not have.
  await context.addInitScript({ content: `globalThis.__name = globalThis.__name || ((f) => f); (${install.toString()})();` });
}

function install(): void {
  interface Fiber {
    tag: number;
    flags: number;
    child: Fiber | null;
    sibling: Fiber | null;
    stateNode: unknown;
    memoizedState: unknown;
  }
  // React's fiber tags for components whose function runs, and for a DOM element.
  const FUNCTION_TAGS = new Set([0, 1, 11, 15]);
  const HOST = 5;
  const PERFORMED_WORK = 1;
  const seen = new WeakMap<Fiber, unknown>();
  const counts = { commits: 0, cards: {} as Record<string, number>, columns: {} as Record<string, number>, others: {} as Record<string, number> };
  const firstElement = (fiber: Fiber): Element | null => {
    for (let f: Fiber | null = fiber.child; f; f = f.child) if (f.tag === HOST) return f.stateNode as Element;
    return null;
  };
  const visit = (root: Fiber) => {
    const stack: Fiber[] = [root];
    while (stack.length) {
      const fiber = stack.pop()!;
      if (FUNCTION_TAGS.has(fiber.tag) && fiber.flags & PERFORMED_WORK && seen.get(fiber) !== fiber.memoizedState) {
        seen.set(fiber, fiber.memoizedState);
        const element = firstElement(fiber);
        if (element?.matches('section.column[data-column]')) {
          const column = element.getAttribute('data-column')!;
          counts.columns[column] = (counts.columns[column] ?? 0) + 1;
        } else {
          const card = element?.closest('[data-card-id]')?.getAttribute('data-card-id');
          if (card) counts.cards[card] = (counts.cards[card] ?? 0) + 1;
          else {
            const name = element ? `${element.tagName.toLowerCase()}${element.classList.length ? `.${[...element.classList].join('.')}` : ''}` : '-';
            counts.others[name] = (counts.others[name] ?? 0) + 1;
          }
        }
      }
      for (let c = fiber.child; c; c = c.sibling) stack.push(c);
    }
  };
  const w = window as unknown as { __REACT_DEVTOOLS_GLOBAL_HOOK__: unknown; __renders: typeof counts & { reset: () => void } };
  w.__renders = Object.assign(counts, {
    reset() {
      counts.commits = 0;
      counts.cards = {};
      counts.columns = {};
      counts.others = {};
    },
  });
  let nextId = 1;
  w.__REACT_DEVTOOLS_GLOBAL_HOOK__ = {
    supportsFiber: true,
    renderers: new Map(),
    inject: () => nextId++,
    checkDCE() {},
    onScheduleFiberRoot() {},
    onCommitFiberUnmount() {},
    onPostCommitFiberRoot() {},
    onCommitFiberRoot(_id: number, root: { current: Fiber }) {
      counts.commits++;
      visit(root.current);
    },
  };
}

/** Forget the renders counted so far (those of opening the board). */
export async function resetRenders(page: Page): Promise<void> {
  await page.evaluate(() => (window as unknown as { __renders: { reset: () => void } }).__renders.reset());
}

/** The renders counted since the last reset. */
export async function renders(page: Page): Promise<Renders> {
  return page.evaluate(() => {
    const r = (window as unknown as { __renders: Renders }).__renders;
    return { commits: r.commits, cards: { ...r.cards }, columns: { ...r.columns }, others: { ...r.others } };
  });
}
