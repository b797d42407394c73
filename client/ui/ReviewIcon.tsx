/** Line icons of the review features (decorative: the controls carry the accessible names), drawn like ui/Icon.tsx. */
const PATHS = {
  comment: 'M5 5 H19 A1 1 0 0 1 20 6 V15 A1 1 0 0 1 19 16 H10 L6 20 V16 H5 A1 1 0 0 1 4 15 V6 A1 1 0 0 1 5 5',
  history: 'M4 12 A8 8 0 1 0 6.3 6.3 M4 4 V8 H8 M12 8 V12 L15 14',
  activity: 'M4 6 H6 M9 6 H20 M4 12 H6 M9 12 H20 M4 18 H6 M9 18 H20',
  summary: 'M5 4 H19 V20 H5 Z M8 8 H16 M8 12 H16 M8 16 H12',
  back: 'M19 12 H5 M11 6 L5 12 L11 18',
  check: 'M5 12 L10 17 L19 7',
  restore: 'M4 12 A8 8 0 1 1 6.3 17.7 M4 20 V16 H8',
  save: 'M5 4 H16 L20 8 V20 H5 Z M8 4 V9 H15 V4 M8 20 V14 H16 V20',
} as const;

export type ReviewIconName = keyof typeof PATHS;

export function ReviewIcon({ name, size = 18 }: { name: ReviewIconName; size?: number }) {
  return (
    <svg className="icon" width={size} height={size} viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <path d={PATHS[name]} fill="none" stroke="currentColor" strokeWidth={1.8} strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}
