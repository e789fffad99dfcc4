/** The browser signals the client listens to: connectivity and tab visibility. */
export interface LifecycleSource {
  /** Listens for `online`, `offline` or `visibilitychange`. */
  addEventListener(type: string, listener: () => void): void;
  /** Stops listening; called when the client closes. */
  removeEventListener(type: string, listener: () => void): void;
  /** `navigator.onLine`: false while the browser knows it is offline. */
  isOnline(): boolean;
  /** Whether the page is visible (always true outside browsers). */
  isVisible(): boolean;
}

/** What the client wants to hear about. */
export interface LifecycleHandlers {
  /** The network came back, or the tab became visible: retry now. */
  onWake(): void;
  /** The network went away: pause retries. */
  onOffline(): void;
}

interface BrowserGlobals {
  addEventListener?: (type: string, listener: () => void) => void;
  removeEventListener?: (type: string, listener: () => void) => void;
  navigator?: { onLine?: boolean };
  document?: {
    visibilityState?: string;
    addEventListener?: (type: string, listener: () => void) => void;
    removeEventListener?: (type: string, listener: () => void) => void;
  };
}

/** The browser's window and document, or `undefined` outside browsers. */
export function browserLifecycleSource(): LifecycleSource | undefined {
  const globals = globalThis as BrowserGlobals;
  if (typeof globals.addEventListener !== 'function' || !globals.document) return undefined;
  const document = globals.document;
  return {
    addEventListener(type, listener) {
      if (type === 'visibilitychange') document.addEventListener?.(type, listener);
      else globals.addEventListener?.(type, listener);
    },
    removeEventListener(type, listener) {
      if (type === 'visibilitychange') document.removeEventListener?.(type, listener);
      else globals.removeEventListener?.(type, listener);
    },
    isOnline: () => globals.navigator?.onLine !== false,
    isVisible: () => document.visibilityState !== 'hidden',
  };
}

/** Listens to `online`, `offline` and `visibilitychange`; returns a function that stops listening. */
export function watchLifecycle(source: LifecycleSource, handlers: LifecycleHandlers): () => void {
  const onOnline = () => handlers.onWake();
  const onOffline = () => handlers.onOffline();
  const onVisibility = () => {
    if (source.isVisible()) handlers.onWake();
  };
  source.addEventListener('online', onOnline);
  source.addEventListener('offline', onOffline);
  source.addEventListener('visibilitychange', onVisibility);
  return () => {
    source.removeEventListener('online', onOnline);
    source.removeEventListener('offline', onOffline);
    source.removeEventListener('visibilitychange', onVisibility);
  };
}
