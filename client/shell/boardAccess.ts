/**
 * Who we are on a board, asked for as the page loads: the secret comes out of
 * the link's fragment, the server is asked for the role, and a first visit with
 * a remembered name joins (or a remembered person's token is checked) at once,
 * while the board page's code is still on its way. useBoardAccess.ts takes the
 * answer when the page renders; the board's socket waits for the person, so
 * every round trip started here is one fewer after the code has arrived.
 */
import { fetchBoardAccess, type BoardAccess } from '../api/boards.ts';
import { rememberBoard, rememberedBoard, rememberedName } from '../api/localBoards.ts';
import { personStore } from '../sync/personStore.ts';

/** Secrets seen in this page, in case the browser refuses local storage. */
const secretsThisPage = new Map<string, string>();

/** Takes the secret out of the fragment so it does not stay on screen (e.g. on a projector). */
export function takeSecretFromFragment(boardId: string): string | undefined {
  const secret = decodeURIComponent(window.location.hash.replace(/^#/, '')).trim();
  if (!secret) return secretsThisPage.get(boardId);
  secretsThisPage.set(boardId, secret);
  rememberBoard(boardId, { secret });
  window.history.replaceState(window.history.state, '', window.location.pathname + window.location.search);
  return secret;
}

/** The check started as the page loaded, until the page takes it. */
let early: { boardId: string; secret: string; answer: Promise<BoardAccess> } | null = null;

/**
 * Asks the server which role the secret gives, remembers the answer, and has
 * a first visit with a remembered name join right away (not a viewer).
 */
function check(boardId: string, secret: string): Promise<BoardAccess> {
  return fetchBoardAccess(boardId, secret).then((access) => {
    rememberBoard(boardId, { secret, role: access.role, title: access.title });
    const name = rememberedName();
    if (access.role !== 'viewer' && name && !personStore.read(boardId, access.role)) void personStore.join(boardId, access.role, secret, name);
    return access;
  });
}

/** Starts the board's check as the page loads (the board's address). */
export function startBoardAccess(boardId: string): void {
  const secret = takeSecretFromFragment(boardId) ?? rememberedBoard(boardId)?.secret;
  if (!secret) return;
  const answer = check(boardId, secret);
  answer.catch(() => undefined); // the page reports a refusal when it takes the answer
  early = { boardId, secret, answer };
  // A remembered person: their token is checked now (the board's socket talks once it is confirmed).
  const known = rememberedBoard(boardId);
  if (known?.role && known.role !== 'viewer' && known.secret === secret && personStore.read(boardId, known.role)) {
    void personStore.confirmed(boardId, known.role);
  }
}

/** The server's answer for this secret: the check started as the page loaded, or a new one. */
export function boardAccess(boardId: string, secret: string): Promise<BoardAccess> {
  const started = early;
  if (started?.boardId === boardId && started.secret === secret) {
    early = null; // once: a later visit of the page asks again
    return started.answer;
  }
  return check(boardId, secret);
}
