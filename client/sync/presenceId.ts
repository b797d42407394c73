import type { WebsocketProvider } from 'y-websocket';

/**
 * y-websocket takes the document's client id for the presence's: it encodes
 * the presence by `provider.doc.clientID` when a socket opens, and keeps only
 * that id's presence when one closes. Anonymous mode gives the document a new
 * id while the presence keeps its own (agreedWork.ts `renewClientId`: what is
 * written anonymously must not carry the presence's id), so a reconnect then
 * threw ("reading 'clock'": no presence under the document's id, seen after a
 * reload in anonymous mode) or dropped the person's own presence. The provider
 * sees the document under the presence's id; everything else is the document.
 */
export function presenceUnderItsOwnId(provider: WebsocketProvider): void {
  const doc = provider.doc;
  const presenceId = provider.awareness.clientID;
  const view = new Proxy(doc, {
    get(target, key) {
      if (key === 'clientID') return presenceId;
      const value: unknown = Reflect.get(target, key, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
    set: (target, key, value) => Reflect.set(target, key, value, target),
  });
  Object.defineProperty(provider, 'doc', { value: view, writable: false, configurable: true });
}
