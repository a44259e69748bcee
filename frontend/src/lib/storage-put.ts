// PUT a body straight to object storage with a presigned URL. XMLHttpRequest, not fetch: only it
// reports upload progress. Used by bundle file uploads and the download page's logo.

export class StorageError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.name = 'StorageError';
    this.status = status;
  }
}

export class UploadAborted extends Error {
  constructor() {
    super('Upload cancelled.');
    this.name = 'AbortError';
  }
}

export function isAbort(error: unknown): boolean {
  return error instanceof Error && error.name === 'AbortError';
}

/** PUT `body` to a presigned URL; resolves with the response's ETag header (null if unreadable). */
export function putToStorage(
  url: string,
  body: Blob,
  {
    headers = {},
    onProgress,
    signal,
  }: {
    headers?: Record<string, string>;
    onProgress?: (loaded: number) => void;
    signal?: AbortSignal;
  } = {},
): Promise<string | null> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new UploadAborted());
      return;
    }
    const xhr = new XMLHttpRequest();
    xhr.open('PUT', url);
    for (const [name, value] of Object.entries(headers)) xhr.setRequestHeader(name, value);
    xhr.upload.onprogress = (event) => {
      onProgress?.(event.loaded);
    };
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress?.(body.size);
        resolve(xhr.getResponseHeader('ETag'));
      } else {
        reject(
          new StorageError(xhr.status, `File storage refused the upload (HTTP ${xhr.status}).`),
        );
      }
    };
    xhr.onerror = () => {
      reject(new StorageError(0, 'The connection to file storage failed.'));
    };
    xhr.ontimeout = xhr.onerror;
    const abort = () => {
      xhr.abort();
      reject(new UploadAborted());
    };
    signal?.addEventListener('abort', abort, { once: true });
    xhr.onloadend = () => {
      signal?.removeEventListener('abort', abort);
    };
    xhr.send(body);
  });
}
