import './PhoneBackButton.css';

/**
 * On a phone's full board: the way back to the simple phone view, in the top
 * bar's title place (the bar stays on top while the long stack of columns scrolls).
 */
export function PhoneBackButton({ onBack }: { onBack: () => void }) {
  return (
    <button className="button primary phone-back" type="button" aria-label="Back to the simple view" onClick={onBack}>
      <span aria-hidden="true">←</span> Simple view
    </button>
  );
}
