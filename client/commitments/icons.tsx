/** The commitments UI's own line icons, drawn like client/ui/Icon.tsx (decorative; controls carry the names). */
function Line({ d, size = 18 }: { d: string; size?: number }) {
  return (
    <svg className="icon" width={size} height={size} viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <path d={d} fill="none" stroke="currentColor" strokeWidth={1.8} strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}

/** A tray with an arrow into it. */
export function ExportIcon() {
  return <Line d="M12 4 V15 M7 10 L12 15 L17 10 M5 19 H19" />;
}

/** A checklist. */
export function CommitmentsIcon() {
  return <Line d="M4 7 L6 9 L9.5 5 M12 7 H20 M4 14 L6 16 L9.5 12 M12 14 H20 M12 20 H20" />;
}
