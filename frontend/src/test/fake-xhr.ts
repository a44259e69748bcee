// A stand-in for XMLHttpRequest in jsdom: S3 PUTs answered by a function per request, with
// upload progress events, so the upload code runs exactly as in a browser.
import { vi } from 'vitest';

export interface StoragePut {
  url: string;
  headers: Record<string, string>;
  size: number;
}

export type StorageAnswer = { status: number; etag?: string } | 'network-error';

export function installFakeStorage(answer: (put: StoragePut) => StorageAnswer) {
  const puts: StoragePut[] = [];

  class FakeXhr {
    status = 0;
    upload: { onprogress: ((event: { loaded: number }) => void) | null } = { onprogress: null };
    onload: (() => void) | null = null;
    onerror: (() => void) | null = null;
    ontimeout: (() => void) | null = null;
    onloadend: (() => void) | null = null;
    private url = '';
    private headers: Record<string, string> = {};
    private responseHeaders: Record<string, string> = {};
    private aborted = false;

    open(_method: string, url: string) {
      this.url = url;
    }

    setRequestHeader(name: string, value: string) {
      this.headers[name] = value;
    }

    getResponseHeader(name: string): string | null {
      return this.responseHeaders[name.toLowerCase()] ?? null;
    }

    abort() {
      this.aborted = true;
    }

    send(body: Blob) {
      const put = { url: this.url, headers: { ...this.headers }, size: body.size };
      puts.push(put);
      setTimeout(() => {
        if (this.aborted) return;
        this.upload.onprogress?.({ loaded: Math.floor(body.size / 2) });
        setTimeout(() => {
          if (this.aborted) return;
          const result = answer(put);
          if (result === 'network-error') {
            this.onerror?.();
          } else {
            this.status = result.status;
            if (result.etag) this.responseHeaders.etag = result.etag;
            if (result.status < 300) this.upload.onprogress?.({ loaded: body.size });
            this.onload?.();
          }
          this.onloadend?.();
        }, 0);
      }, 0);
    }
  }

  vi.stubGlobal('XMLHttpRequest', FakeXhr);
  return { puts };
}
