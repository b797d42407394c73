import './MissingList.css';
/** "What's missing" for a proposed commitment, live as the room fills it in (validateCommitmentDraft). */
export function MissingList({ missing }: { missing: readonly string[] }) {
  return (
    <section className="commitment-missing" data-complete={missing.length === 0 || undefined} aria-labelledby="missing-title" aria-live="polite">
      <h4 id="missing-title">{missing.length ? 'What’s missing' : 'Ready for consent'}</h4>
      {missing.length ? (
        <ul>
          {missing.map((m) => (
            <li key={m}>{m.charAt(0).toUpperCase() + m.slice(1)}</li>
          ))}
        </ul>
      ) : (
        <p>Owner, dates, success indicator and definition of done are all there.</p>
      )}
    </section>
  );
}
