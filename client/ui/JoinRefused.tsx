import { usePersonal, useRequiredControl } from '../sync/controlHooks.ts';

/**
 * Says why the server did not let this browser join as a person (the workshop
 * is full: `Limits.maxPeople`), with a way to try again once the facilitator
 * has made room. The board stays open to see; votes and drafts wait.
 */
export function JoinRefused({ as: Tag, className }: { as: 'li' | 'p'; className?: string }) {
  const control = useRequiredControl();
  const refused = usePersonal()?.refused;
  if (!refused) return null;
  return (
    <Tag className={`flag join-refused ${className ?? ''}`.trim()} data-kind="refused">
      <span role="status">{refused}</span>
      <button className="link-button" type="button" onClick={() => control.mine.retryJoin()}>
        Try again
      </button>
    </Tag>
  );
}
