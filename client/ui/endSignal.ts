/**
 * The gentle signal when the shared timer runs out: a soft two-note chime via
 * WebAudio, only if the person turned sound on. The audio context is created
 * or resumed inside a click (browsers refuse audio that starts by itself), so
 * there are never autoplay errors; without it the signal stays visual.
 */
const SOUND_KEY = 'vcp.timerSound';
let context: AudioContext | null = null;

export function soundWanted(): boolean {
  try {
    return localStorage.getItem(SOUND_KEY) === 'on';
  } catch {
    return false;
  }
}

/** Call from a click: remembers the choice and unlocks audio for this page. */
export function setSoundWanted(on: boolean): void {
  try {
    localStorage.setItem(SOUND_KEY, on ? 'on' : 'off');
  } catch {
    // The choice lasts for this page only.
  }
  if (on) unlockAudio();
}

function unlockAudio(): void {
  const Ctor = typeof window !== 'undefined' ? window.AudioContext : undefined;
  if (!Ctor) return;
  try {
    context ??= new Ctor();
    if (context.state === 'suspended') void context.resume().catch(() => undefined);
  } catch {
    context = null;
  }
}

/** After a reload the choice is remembered, but audio needs a fresh gesture: the next click unlocks it. */
export function unlockOnNextGesture(): () => void {
  if (!soundWanted()) return () => {};
  const unlock = () => unlockAudio();
  window.addEventListener('pointerdown', unlock, { once: true, capture: true });
  window.addEventListener('keydown', unlock, { once: true, capture: true });
  return () => {
    window.removeEventListener('pointerdown', unlock, { capture: true });
    window.removeEventListener('keydown', unlock, { capture: true });
  };
}

/** Plays the chime if sound is on and audio is unlocked; otherwise does nothing. */
export function playEndSignal(): void {
  if (!soundWanted() || !context || context.state !== 'running') return;
  const now = context.currentTime;
  for (const [i, frequency] of [660, 880].entries()) {
    const osc = context.createOscillator();
    const gain = context.createGain();
    osc.type = 'sine';
    osc.frequency.value = frequency;
    const start = now + i * 0.35;
    gain.gain.setValueAtTime(0.0001, start);
    gain.gain.exponentialRampToValueAtTime(0.12, start + 0.04);
    gain.gain.exponentialRampToValueAtTime(0.0001, start + 0.9);
    osc.connect(gain).connect(context.destination);
    osc.start(start);
    osc.stop(start + 1);
  }
}
