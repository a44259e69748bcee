// Browser -> S3 uploads with the API's upload plan: one presigned PUT, or S3 multipart (each part
// PUT to its own URL, its ETag kept, then `complete`). Progress comes from XMLHttpRequest upload
// events (fetch has none); a failed part is retried on its own, and a failed file resumes where it
// stopped: parts already in S3 are not sent again.
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, useSyncExternalStore } from 'react';
import { merchantApi, unwrap } from '@/lib/api/client';
import { errorMessage, isApiError } from '@/lib/api/errors';
import type { FileUpload } from '@/lib/api/types';
import { queryKeys } from '@/lib/query-keys';
import { isAbort, putToStorage, StorageError, UploadAborted } from '@/lib/storage-put';

/** Tries per part (or per single PUT) before the file is shown as failed with a Retry button. */
export const ATTEMPTS_PER_PART = 3;
/** Parts of one file in flight at once, and files uploading at once. */
export const PARTS_IN_PARALLEL = 3;
export const FILES_IN_PARALLEL = 2;
/** Pause before a part's next try, times the tries so far (tests set it to 0). */
export const uploadTiming = { retryDelayMs: 400 };

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(new UploadAborted());
      },
      { once: true },
    );
  });
}

async function withRetries<T>(signal: AbortSignal, attempt: () => Promise<T>): Promise<T> {
  for (let tries = 1; ; tries += 1) {
    try {
      return await attempt();
    } catch (error) {
      // 4xx from S3 other than a timeout will not change (a signature or size problem).
      const permanent =
        error instanceof StorageError &&
        error.status >= 400 &&
        error.status < 500 &&
        error.status !== 408;
      if (isAbort(error) || permanent || tries >= ATTEMPTS_PER_PART) throw error;
      await sleep(uploadTiming.retryDelayMs * tries, signal);
    }
  }
}

export type UploadPhase = 'queued' | 'starting' | 'uploading' | 'completing' | 'done' | 'failed';

export interface UploadItem {
  key: string;
  name: string;
  size: number;
  phase: UploadPhase;
  /** Bytes in storage (finished parts plus the ones in flight). */
  loaded: number;
  fileId: string | null;
  method: 'PUT' | 'MULTIPART' | null;
  partsDone: number;
  partsTotal: number;
  error: string | null;
  /** False when asking again cannot help (the API refused the name or size). */
  retryable: boolean;
}

/** One file's upload; `run` can be called again after a failure and continues where it stopped. */
export class FileUploadJob {
  readonly file: File;
  readonly bundleId: string;
  plan: FileUpload | null = null;
  private etags = new Map<number, string>();
  private inFlight = new Map<number, number>();
  private stored = 0;

  constructor(bundleId: string, file: File) {
    this.bundleId = bundleId;
    this.file = file;
  }

  get loaded(): number {
    let total = this.stored;
    for (const bytes of this.inFlight.values()) total += bytes;
    return Math.min(total, this.file.size);
  }

  get partsDone(): number {
    return this.etags.size;
  }

  async run(signal: AbortSignal, report: (patch: Partial<UploadItem>) => void): Promise<void> {
    if (!this.plan) {
      report({ phase: 'starting' });
      this.plan = await unwrap(
        merchantApi.POST('/api/v1/bundles/{bundle_id}/files', {
          params: { path: { bundle_id: this.bundleId } },
          body: { filename: this.file.name, size: this.file.size, content_type: this.file.type },
        }),
      );
    }
    const { file: registered, upload } = this.plan;
    report({
      phase: 'uploading',
      fileId: registered.id,
      method: upload.method,
      partsTotal: upload.method === 'MULTIPART' ? upload.parts.length : 1,
      partsDone: this.partsDone,
    });

    if (upload.method === 'PUT') {
      if (this.stored < this.file.size) {
        await withRetries(signal, () =>
          putToStorage(upload.url, this.file, {
            headers: upload.headers,
            signal,
            onProgress: (loaded) => {
              this.inFlight.set(1, loaded);
              report({ loaded: this.loaded });
            },
          }),
        ).finally(() => this.inFlight.delete(1));
        this.stored = this.file.size;
        report({ loaded: this.loaded, partsDone: 1 });
      }
      report({ phase: 'completing' });
      await unwrap(
        merchantApi.POST('/api/v1/files/{file_id}/complete', {
          params: { path: { file_id: registered.id } },
          body: {},
        }),
      );
      return;
    }

    const pending = upload.parts.filter((part) => !this.etags.has(part.part_number));
    const uploadPart = async (part: (typeof upload.parts)[number]) => {
      const start = (part.part_number - 1) * upload.part_size;
      const slice = this.file.slice(start, Math.min(start + upload.part_size, this.file.size));
      const etag = await withRetries(signal, () =>
        putToStorage(part.url, slice, {
          signal,
          onProgress: (loaded) => {
            this.inFlight.set(part.part_number, loaded);
            report({ loaded: this.loaded });
          },
        }),
      ).finally(() => this.inFlight.delete(part.part_number));
      if (!etag) {
        throw new StorageError(
          0,
          'File storage did not return the part’s ETag (the bucket’s CORS rule must expose it).',
        );
      }
      this.etags.set(part.part_number, etag);
      this.stored += slice.size;
      report({ loaded: this.loaded, partsDone: this.partsDone });
    };
    // A few parts at a time; the first failure stops handing out new parts.
    let next = 0;
    let failure: unknown = null;
    const worker = async () => {
      while (failure === null && next < pending.length) {
        const part = pending[next];
        next += 1;
        if (!part) break;
        try {
          await uploadPart(part);
        } catch (error) {
          failure ??= error;
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(PARTS_IN_PARALLEL, pending.length) }, worker));
    if (failure !== null) throw failure instanceof Error ? failure : new Error('Upload failed.');

    report({ phase: 'completing' });
    await unwrap(
      merchantApi.POST('/api/v1/files/{file_id}/complete', {
        params: { path: { file_id: registered.id } },
        body: {
          parts: [...this.etags]
            .sort(([a], [b]) => a - b)
            .map(([part_number, etag]) => ({ part_number, etag })),
        },
      }),
    );
  }
}

function failureOf(error: unknown): { error: string; retryable: boolean } {
  if (error instanceof StorageError) return { error: error.message, retryable: true };
  if (isApiError(error)) {
    const detail = Object.values(error.fields).flat().join(' ');
    return {
      error: detail || error.message,
      // Validation and conflicts will not change by asking again; outages and network errors might.
      retryable: error.status === 0 || error.status >= 500 || error.status === 429,
    };
  }
  return { error: errorMessage(error), retryable: true };
}

let uploadCounter = 0;

interface QueueEvents {
  /** A file was registered with the API (it now exists, pending) or finished uploading. */
  onFileChanged: () => Promise<unknown>;
}

/** The uploads of one bundle: a few files at a time, each item's progress for the screen. */
export class UploadQueue {
  private items: UploadItem[] = [];
  private readonly listeners = new Set<() => void>();
  private readonly jobs = new Map<string, FileUploadJob>();
  private readonly controllers = new Map<string, AbortController>();
  private readonly active = new Set<string>();
  private waiting: string[] = [];
  private readonly bundleId: string;
  private readonly events: QueueEvents;

  constructor(bundleId: string, events: QueueEvents) {
    this.bundleId = bundleId;
    this.events = events;
  }

  subscribe = (listener: () => void) => {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  };

  getSnapshot = () => this.items;

  private emit(items: UploadItem[]) {
    this.items = items;
    for (const listener of this.listeners) listener();
  }

  private patch(key: string, change: Partial<UploadItem>) {
    this.emit(this.items.map((item) => (item.key === key ? { ...item, ...change } : item)));
  }

  add = (files: File[]) => {
    const added = files.map((file): UploadItem => {
      uploadCounter += 1;
      const key = `upload-${uploadCounter}`;
      this.jobs.set(key, new FileUploadJob(this.bundleId, file));
      this.waiting.push(key);
      return {
        key,
        name: file.name,
        size: file.size,
        phase: 'queued',
        loaded: 0,
        fileId: null,
        method: null,
        partsDone: 0,
        partsTotal: 0,
        error: null,
        retryable: true,
      };
    });
    this.emit([...this.items, ...added]);
    this.pump();
  };

  retry = (key: string) => {
    if (!this.jobs.has(key) || this.active.has(key)) return;
    this.patch(key, { phase: 'queued', error: null });
    this.waiting.push(key);
    this.pump();
  };

  dismiss = (key: string) => {
    this.controllers.get(key)?.abort();
    this.waiting = this.waiting.filter((queued) => queued !== key);
    this.jobs.delete(key);
    this.emit(this.items.filter((item) => item.key !== key));
  };

  /** Forget the local upload of a file that was deleted. */
  forgetFile = (fileId: string) => {
    const item = this.items.find((candidate) => candidate.fileId === fileId);
    if (item) this.dismiss(item.key);
  };

  abortAll() {
    for (const controller of this.controllers.values()) controller.abort();
  }

  private pump() {
    while (this.active.size < FILES_IN_PARALLEL && this.waiting.length > 0) {
      const key = this.waiting.shift();
      const job = key ? this.jobs.get(key) : undefined;
      if (key && job) this.start(key, job);
    }
  }

  private start(key: string, job: FileUploadJob) {
    const controller = new AbortController();
    this.controllers.set(key, controller);
    this.active.add(key);
    const hadPlan = job.plan !== null;
    void job
      .run(controller.signal, (change) => {
        this.patch(key, change);
        // The file now exists (pending): the list shows it, with this progress under it.
        if (!hadPlan && change.phase === 'uploading') void this.events.onFileChanged();
      })
      .then(
        async () => {
          this.patch(key, { phase: 'done', loaded: job.file.size, error: null });
          await this.events.onFileChanged();
          // The list now shows the file as verifying; the progress row is no longer needed.
          this.jobs.delete(key);
          this.emit(this.items.filter((item) => item.key !== key));
        },
        (error: unknown) => {
          if (isAbort(error)) return;
          this.patch(key, { phase: 'failed', loaded: job.loaded, ...failureOf(error) });
        },
      )
      .finally(() => {
        this.active.delete(key);
        this.controllers.delete(key);
        this.pump();
      });
  }
}

/** The uploads of one bundle's page: start files, follow their progress, retry, dismiss. */
export function useUploads(bundleId: string) {
  const queryClient = useQueryClient();
  const [queue] = useState(
    () =>
      new UploadQueue(bundleId, {
        onFileChanged: () =>
          Promise.all([
            queryClient.invalidateQueries({ queryKey: queryKeys.bundle(bundleId) }),
            queryClient.invalidateQueries({ queryKey: queryKeys.bundles, refetchType: 'none' }),
            queryClient.invalidateQueries({ queryKey: queryKeys.onboarding }),
          ]),
      }),
  );
  const items = useSyncExternalStore(queue.subscribe, queue.getSnapshot);

  // Leaving the page stops the uploads; the browser asks first while bytes are moving.
  const uploading = items.some((item) => item.phase !== 'failed' && item.phase !== 'done');
  useEffect(() => {
    if (!uploading) return undefined;
    const warn = (event: BeforeUnloadEvent) => {
      event.preventDefault();
    };
    window.addEventListener('beforeunload', warn);
    return () => {
      window.removeEventListener('beforeunload', warn);
    };
  }, [uploading]);
  useEffect(
    () => () => {
      queue.abortAll();
    },
    [queue],
  );

  return {
    items,
    uploading,
    add: queue.add,
    retry: queue.retry,
    dismiss: queue.dismiss,
    forgetFile: queue.forgetFile,
  };
}
