/**
 * A websocket that may open before its page is ready to talk: the connection
 * is made at once (the handshake overlaps loading the browser's copy of the
 * board), but the sync provider sees it open, and receives what the server
 * sent meanwhile, only once the gate is released. The provider then sends its
 * first sync message from the loaded copy, so the server answers with only
 * what the browser lacks, as if it had connected just then.
 */
export class SocketGate {
  private released = false;
  private readonly waiting = new Set<() => void>();

  /** Lets every socket through: those open already show their open event and then what arrived. */
  release(): void {
    this.released = true;
    const waiting = [...this.waiting];
    this.waiting.clear();
    for (const pass of waiting) pass();
  }

  get isReleased(): boolean {
    return this.released;
  }

  /** Runs `pass` once the gate is released (at once if it is). */
  private whenReleased(pass: () => void): () => void {
    if (this.released) {
      pass();
      return () => {};
    }
    this.waiting.add(pass);
    return () => this.waiting.delete(pass);
  }

  /** A WebSocket class (the provider's `WebSocketPolyfill`) whose sockets wait for this gate. */
  socketClass(): typeof WebSocket {
    const whenReleased = (pass: () => void) => this.whenReleased(pass);
    class GatedWebSocket extends EventTarget {
      static readonly CONNECTING = WebSocket.CONNECTING;
      static readonly OPEN = WebSocket.OPEN;
      static readonly CLOSING = WebSocket.CLOSING;
      static readonly CLOSED = WebSocket.CLOSED;
      // The states on the instance too, as a WebSocket has them (`ws.readyState === ws.OPEN`).
      readonly CONNECTING = WebSocket.CONNECTING;
      readonly OPEN = WebSocket.OPEN;
      readonly CLOSING = WebSocket.CLOSING;
      readonly CLOSED = WebSocket.CLOSED;
      onopen: ((event: Event) => void) | null = null;
      onmessage: ((event: MessageEvent) => void) | null = null;
      onerror: ((event: Event) => void) | null = null;
      onclose: ((event: CloseEvent) => void) | null = null;
      private readonly socket: WebSocket;
      /** The provider has seen the socket open: messages go straight through. */
      private passing = false;
      private readonly held: MessageEvent[] = [];
      private forget: () => void = () => {};

      constructor(url: string | URL, protocols?: string | string[]) {
        super();
        this.socket = new WebSocket(url, protocols);
        this.socket.onopen = (event) => {
          this.forget = whenReleased(() => {
            if (this.socket.readyState !== WebSocket.OPEN) return;
            this.passing = true;
            this.onopen?.(event);
            for (const message of this.held.splice(0)) this.onmessage?.(message);
          });
        };
        this.socket.onmessage = (event) => {
          if (this.passing) this.onmessage?.(event);
          else this.held.push(event);
        };
        this.socket.onerror = (event) => this.onerror?.(event);
        this.socket.onclose = (event) => {
          this.forget();
          this.held.length = 0;
          this.onclose?.(event);
        };
      }

      get binaryType(): BinaryType {
        return this.socket.binaryType;
      }
      set binaryType(type: BinaryType) {
        this.socket.binaryType = type;
      }
      /** Still connecting, to the provider, while the gate holds an open socket. */
      get readyState(): number {
        return this.socket.readyState === WebSocket.OPEN && !this.passing ? WebSocket.CONNECTING : this.socket.readyState;
      }
      get url(): string {
        return this.socket.url;
      }
      get protocol(): string {
        return this.socket.protocol;
      }
      get bufferedAmount(): number {
        return this.socket.bufferedAmount;
      }
      send(data: Parameters<WebSocket['send']>[0]): void {
        this.socket.send(data);
      }
      close(code?: number, reason?: string): void {
        this.socket.close(code, reason);
      }
    }
    return GatedWebSocket as unknown as typeof WebSocket;
  }
}
