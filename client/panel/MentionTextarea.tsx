import { useId, useRef, useState, type KeyboardEvent } from 'react';
import { flushSync } from 'react-dom';
import { activeMention, insertMention, suggestNames, type MentionQuery } from './mentionText.ts';
import './MentionTextarea.css';

interface MentionTextareaProps {
  value: string;
  onChange: (value: string) => void;
  /** People who can be mentioned. */
  names: readonly string[];
  label: string;
  placeholder?: string;
  /** Ctrl/Cmd+Enter. */
  onSubmit?: () => void;
  autoFocus?: boolean;
}

/**
 * A comment field that suggests people's names after "@" (a combobox: arrow
 * keys move through the suggestions, Enter or Tab picks one, Escape closes the list).
 */
export function MentionTextarea({ value, onChange, names, label, placeholder, onSubmit, autoFocus }: MentionTextareaProps) {
  const ref = useRef<HTMLTextAreaElement>(null);
  const listId = useId();
  const [mention, setMention] = useState<MentionQuery | null>(null);
  const [active, setActive] = useState(0);
  const suggestions = mention ? suggestNames(names, mention.query) : [];
  const open = suggestions.length > 0;

  const track = (text: string, caret: number) => {
    const next = activeMention(text, caret, names) ?? null;
    setMention((prev) => (prev?.at === next?.at && prev?.query === next?.query ? prev : next));
    if (next?.query !== mention?.query) setActive(0);
  };

  const pick = (name: string) => {
    const field = ref.current;
    if (!field || !mention) return;
    const next = insertMention(value, mention, field.selectionEnd ?? value.length, name);
    // Commit the new text now and put the caret after the name before the next
    // key press is handled: set in a later frame, a fast typist's next letters
    // landed at the end of the field and the caret then jumped back before them.
    flushSync(() => {
      onChange(next.text);
      setMention(null);
    });
    field.focus();
    field.setSelectionRange(next.caret, next.caret);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (open) {
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        event.preventDefault();
        const step = event.key === 'ArrowDown' ? 1 : -1;
        setActive((i) => (i + step + suggestions.length) % suggestions.length);
        return;
      }
      if (event.key === 'Enter' || event.key === 'Tab') {
        event.preventDefault();
        pick(suggestions[Math.min(active, suggestions.length - 1)]!);
        return;
      }
      if (event.key === 'Escape') {
        // Close the list only, not the panel around the field.
        event.preventDefault();
        event.stopPropagation();
        setMention(null);
        return;
      }
    }
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey) && onSubmit) {
      event.preventDefault();
      onSubmit();
    }
  };

  const optionId = (i: number) => `${listId}-option-${i}`;
  return (
    <div className="mention-field">
      <textarea
        ref={ref}
        className="comment-input"
        value={value}
        rows={2}
        aria-label={label}
        placeholder={placeholder}
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={open}
        aria-controls={listId}
        aria-activedescendant={open ? optionId(active) : undefined}
        autoFocus={autoFocus}
        maxLength={10_000}
        onChange={(e) => {
          onChange(e.target.value);
          track(e.target.value, e.target.selectionEnd ?? e.target.value.length);
        }}
        onSelect={(e) => track(e.currentTarget.value, e.currentTarget.selectionEnd ?? 0)}
        onKeyDown={onKeyDown}
        onBlur={() => setTimeout(() => setMention(null), 150)}
      />
      <ul id={listId} className="mention-list" role="listbox" aria-label="People to mention" hidden={!open}>
        {suggestions.map((name, i) => (
          <li
            key={name}
            id={optionId(i)}
            role="option"
            aria-selected={i === active}
            onMouseDown={(e) => {
              e.preventDefault();
              pick(name);
            }}
          >
            @{name}
          </li>
        ))}
      </ul>
    </div>
  );
}
