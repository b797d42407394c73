/**
 * Copying a link on any page. The async Clipboard API exists only in secure
 * contexts (https, localhost); a workshop served over plain http on the
 * room's Wi-Fi is not one. There the text is selected in its field and copied
 * with the older copy command, and when even that is refused it stays
 * selected for the person to copy with the keyboard.
 */

/** `copied`: on the clipboard; `selected`: selected in its field, for Ctrl+C / ⌘C. */
export type CopyOutcome = 'copied' | 'selected';

function copyCommand(): boolean {
  try {
    return document.execCommand('copy');
  } catch {
    return false;
  }
}

/** Copies `text`; `field` (the input showing it) is selected when the clipboard is out of reach. */
export async function copyText(text: string, field?: HTMLInputElement | HTMLTextAreaElement | null): Promise<CopyOutcome> {
  if (window.isSecureContext && navigator.clipboard?.writeText) {
    try {
      await navigator.clipboard.writeText(text);
      return 'copied';
    } catch {
      // Refused (permissions, focus): fall back to the selection.
    }
  }
  if (field) {
    field.focus();
    field.select();
    return copyCommand() ? 'copied' : 'selected';
  }
  // No field on screen: a hidden one for the copy command, then gone.
  const scratch = document.createElement('textarea');
  scratch.value = text;
  scratch.setAttribute('readonly', '');
  scratch.className = 'visually-hidden';
  document.body.append(scratch);
  scratch.select();
  const copied = copyCommand();
  scratch.remove();
  return copied ? 'copied' : 'selected';
}

/** What to tell the person after `copyText`. */
export function copyNotice(outcome: CopyOutcome, what: string, hasField: boolean): string {
  if (outcome === 'copied') return `${what} copied`;
  const keys = /Mac|iPhone|iPad/.test(navigator.platform) ? '⌘C' : 'Ctrl+C';
  return hasField ? `${what} selected: press ${keys} to copy it` : `Copy failed: select the ${what.toLowerCase()} and copy it yourself`;
}
