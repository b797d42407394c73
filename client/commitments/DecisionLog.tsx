import type { DecisionEntry } from '../../shared/model.ts';
import { laterDecisionText } from '../../shared/decisionText.ts';
import { removalSummary } from '../../shared/removal.ts';
import { useBoard } from '../sync/hooks.ts';
import { METHOD_LABELS, whenLabel } from '../derive/labels.ts';
import './DecisionLog.css';
import './TraceCheckPanel.css';

/** One decision-log entry as a sentence: what was decided, by whom, and why. */
function entryText(d: DecisionEntry): { what: string; why?: string } {
  switch (d.kind) {
    case 'consent':
      return { what: `Consent on “${d.title}”: ${d.outcome === 'agreed' ? 'agreed' : 'not agreed'} (${METHOD_LABELS[d.method].toLowerCase()}, ${d.participants.length} taking part)` };
    case 'reopen':
      return { what: `Reopened “${d.title}” by ${d.by}`, why: d.reason };
    case 'override':
      return { what: `Trace check overridden by ${d.by} (${d.findings.length} ${d.findings.length === 1 ? 'finding' : 'findings'})`, why: d.reason };
    case 'removal': {
      const summary = removalSummary(d);
      return { what: `Removed ${summary} by ${d.by}`, why: d.reason };
    }
    default:
      return laterDecisionText(d);
  }
}

/**
 * The board's decision log, newest first: consent outcomes, reopenings,
 * overrides, removals of protected cards and links and their restoring, Done
 * taken back and amendments of agreed content, each with who and why.
 * Everyone sees it (it is also in every export).
 */
export function DecisionLog() {
  const { decisions = [] } = useBoard();
  if (decisions.length === 0) return null;
  return (
    <section className="decision-log" aria-labelledby="decision-log-title">
      <h3 id="decision-log-title" className="section-title">
        Decision log ({decisions.length})
      </h3>
      <ol className="override-log" reversed aria-label="Decision log, newest first">
        {[...decisions].reverse().map((d) => {
          const { what, why } = entryText(d);
          return (
            <li key={d.id} data-kind={d.kind}>
              <p>
                <time dateTime={d.at}>{whenLabel(d.at)}</time> — {what}
              </p>
              {why && <p className="prewrap">“{why}”</p>}
            </li>
          );
        })}
      </ol>
    </section>
  );
}
