import { useState, type FormEvent } from 'react';
import { MentionTextarea } from './MentionTextarea.tsx';
import { useKeptText } from '../ui/useKeptText.ts';
import './CommentComposer.css';

interface CommentComposerProps {
  label: string;
  submitLabel: string;
  names: readonly string[];
  /** Writes the comment; throws with the reason when it cannot. */
  onSubmit: (text: string) => void;
  onCancel?: () => void;
  autoFocus?: boolean;
  /** Where the text being written is kept until sent (it outlives a reload, a link reset): a key per board and thread. */
  keepAs?: string;
}

/** A comment or reply form: text with @mentions, a submit button, the reason when it fails. */
export function CommentComposer({ label, submitLabel, names, onSubmit, onCancel, autoFocus, keepAs = '' }: CommentComposerProps) {
  const [text, setText] = useKeptText(keepAs, 'local');
  const [error, setError] = useState<string | null>(null);
  const submit = (event?: FormEvent) => {
    event?.preventDefault();
    if (!text.trim()) return;
    try {
      onSubmit(text.trim());
      setText('');
      setError(null);
    } catch (e) {
      setError(e instanceof Error ? e.message.replace(/^invalid comment: /, '') : 'The comment could not be saved.');
    }
  };
  return (
    <form className="comment-composer" onSubmit={submit}>
      <MentionTextarea value={text} onChange={setText} names={names} label={label} placeholder="Write a comment… Type @ to mention someone" onSubmit={submit} autoFocus={autoFocus} />
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <div className="comment-composer-actions">
        {onCancel && (
          <button className="button small" type="button" onClick={onCancel}>
            Cancel
          </button>
        )}
        <button className="button small primary" type="submit" disabled={!text.trim()}>
          {submitLabel}
        </button>
      </div>
    </form>
  );
}
