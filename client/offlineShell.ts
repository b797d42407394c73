/**
 * Registers the service worker that keeps the app shell for offline reloads
 * (public/sw.js) and hands it the assets this page already loaded. Marks
 * `<html data-offline-ready>` once every loaded asset is cached.
 */
function loadedAssets(): string[] {
  return performance
    .getEntriesByType('resource')
    .map((entry) => entry.name)
    .filter((name) => name.startsWith(`${window.location.origin}/assets/`));
}

function sendAssets(): void {
  void navigator.serviceWorker.ready.then((registration) => registration.active?.postMessage({ type: 'cache-assets', urls: loadedAssets() }));
}

export function registerOfflineShell(): void {
  if (!('serviceWorker' in navigator) || !import.meta.env.PROD) return;
  navigator.serviceWorker.addEventListener('message', (event: MessageEvent<{ type?: string; urls?: string[] }>) => {
    if (event.data?.type !== 'offline-ready') return;
    const cached = new Set(event.data.urls ?? []);
    if (loadedAssets().every((url) => cached.has(url))) document.documentElement.dataset.offlineReady = 'true';
    else sendAssets();
  });
  navigator.serviceWorker.register('/sw.js').then(sendAssets, () => undefined);
  // Lazily loaded parts (the board page) arrive later: hand them over too.
  window.addEventListener('vcp:assets-loaded', sendAssets);
}
