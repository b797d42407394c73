import './PhoneBoardBar.css';

/**
 * On a phone's full board: the way back to the simple phone view, always in
 * reach at the top (the full board is a long scroll of six columns).
 */
export function PhoneBoardBar({ onBack }: { onBack: () => void }) {
  return (
    <nav className="phone-board-bar" aria-label="Phone view">
      <button className="button primary phone-board-back" type="button" onClick={onBack}>
        <span aria-hidden="true">← </span>Back to the simple view
      </button>
    </nav>
  );
}
