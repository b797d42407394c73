/** Small inline line icons (decorative: the controls carry the accessible names). */
const PATHS: Record<string, string> = {
  mark: 'M4 17 L9 8 L14 14 L20 5',
  undo: 'M9 14 L4 9 L9 4 M4 9 H14 A6 6 0 0 1 14 21 H10',
  redo: 'M15 14 L20 9 L15 4 M20 9 H10 A6 6 0 0 0 10 21 H14',
  flip: 'M7 4 L3 8 L7 12 M3 8 H21 M17 12 L21 16 L17 20 M21 16 H3',
  share: 'M12 3 V15 M7 8 L12 3 L17 8 M5 13 V20 H19 V13',
  plus: 'M12 5 V19 M5 12 H19',
  trash: 'M4 7 H20 M9 7 V4 H15 V7 M6 7 L7 20 H17 L18 7',
  lock: 'M6 11 H18 V20 H6 Z M8.5 11 V8 A3.5 3.5 0 0 1 15.5 8 V11',
  close: 'M6 6 L18 18 M18 6 L6 18',
  grip: 'M9 6 h.01 M15 6 h.01 M9 12 h.01 M15 12 h.01 M9 18 h.01 M15 18 h.01',
  details: 'M4 6 H20 M4 12 H20 M4 18 H14',
  link: 'M10 14 L14 10 M8 12 L5 15 A3 3 0 0 0 9 19 L12 16 M16 12 L19 9 A3 3 0 0 0 15 5 L12 8',
  zoomIn: 'M11 4 A7 7 0 1 1 11 18 A7 7 0 1 1 11 4 M16 16 L21 21 M8 11 H14 M11 8 V14',
  zoomOut: 'M11 4 A7 7 0 1 1 11 18 A7 7 0 1 1 11 4 M16 16 L21 21 M8 11 H14',
  fit: 'M4 9 V4 H9 M15 4 H20 V9 M20 15 V20 H15 M9 20 H4 V15',
  offline: 'M3 3 L21 21 M8.5 16.5 A5 5 0 0 1 15.5 16.5 M5 12.5 A10 10 0 0 1 10 10 M14 10 A10 10 0 0 1 19 12.5 M12 20 h.01',
  online: 'M8.5 16.5 A5 5 0 0 1 15.5 16.5 M5 12.5 A10 10 0 0 1 19 12.5 M2 8.5 A15 15 0 0 1 22 8.5 M12 20 h.01',
  up: 'M12 19 V5 M6 11 L12 5 L18 11',
  down: 'M12 5 V19 M6 13 L12 19 L18 13',
  left: 'M19 12 H5 M11 6 L5 12 L11 18',
  right: 'M5 12 H19 M13 6 L19 12 L13 18',
  copy: 'M8 8 H20 V20 H8 Z M16 8 V4 H4 V16 H8',
  search: 'M10.5 17 A6.5 6.5 0 1 0 10.5 4 A6.5 6.5 0 1 0 10.5 17 M15.5 15.5 L20 20',
};

export function Icon({ name, size = 18 }: { name: keyof typeof PATHS | string; size?: number }) {
  return (
    <svg className="icon" width={size} height={size} viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <path d={PATHS[name] ?? ''} fill="none" stroke="currentColor" strokeWidth={name === 'grip' ? 3.2 : 1.8} strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}
