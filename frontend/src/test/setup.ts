// Vitest setup: jest-dom matchers, the browser APIs Mantine needs that jsdom lacks, and MSW.
import '@testing-library/jest-dom/vitest';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { act, cleanup } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, vi } from 'vitest';
import { setCsrfToken } from '@/lib/api/client';
import { server } from './server';

function matchMedia(query: string): MediaQueryList {
  const list = new EventTarget() as MediaQueryList;
  return Object.assign(list, {
    matches: false,
    media: query,
    onchange: null,
    addListener: () => undefined,
    removeListener: () => undefined,
  });
}
Object.defineProperty(window, 'matchMedia', { writable: true, value: matchMedia });

class ResizeObserverStub {
  observe() {
    // jsdom does no layout: nothing ever resizes
  }
  unobserve() {
    // nothing observed
  }
  disconnect() {
    // nothing observed
  }
}
window.ResizeObserver = ResizeObserverStub;
// Mantine's autosizing Textarea re-measures when web fonts load.
Object.defineProperty(document, 'fonts', { configurable: true, value: new EventTarget() });
window.HTMLElement.prototype.scrollIntoView = function scrollIntoView() {
  // jsdom does no layout: nothing to scroll
};

beforeAll(() => {
  server.listen({ onUnhandledRequest: 'error' });
});

afterEach(() => {
  // Mantine keeps notifications and modals in module-level stores: empty them between tests.
  act(() => {
    notifications.clean();
    modals.closeAll();
  });
  cleanup();
  vi.unstubAllGlobals();
  server.resetHandlers();
  setCsrfToken(null);
  window.history.replaceState(null, '', '/');
});

afterAll(() => {
  server.close();
});
