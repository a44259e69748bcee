import { screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Bundle } from '@/lib/api/types';
import { installFakeStorage } from '@/test/fake-xhr';
import { makeBundle, makeFile, makeMe } from '@/test/fixtures';
import { fill, renderScreen, setupUser, must } from '@/test/render';
import { apiError, http, HttpResponse, server } from '@/test/server';
import { uploadTiming } from '../api/uploads';
import { BundleDetailPage } from './bundle-detail-page';

const BUNDLE_ID = 'b0000001-0000-4000-8000-000000000001';
const route = `/bundles/${BUNDLE_ID}`;

function serveBundle(get: () => Bundle) {
  server.use(http.get(`*/api/v1/bundles/${BUNDLE_ID}`, () => HttpResponse.json(get())));
}

function show(role: 'member' | 'admin' | 'owner' = 'admin') {
  return renderScreen(<BundleDetailPage />, {
    session: makeMe(role),
    path: '/bundles/:bundleId',
    route,
    routes: [{ path: '/bundles', element: <p>bundle list</p> }],
  });
}

function rows() {
  return screen.getAllByTestId('file-row');
}

beforeEach(() => {
  uploadTiming.retryDelayMs = 0;
});

describe('Bundle page', () => {
  it('shows the webhook URL, the link policy and the files in order', async () => {
    serveBundle(() =>
      makeBundle({
        files: [
          makeFile({
            id: 'f2',
            filename: 'second.pdf',
            position: 1,
            state: 'verifying',
            sha256: null,
          }),
          makeFile({ id: 'f1', filename: 'first.zip', position: 0 }),
        ],
      }),
    );
    show();

    expect(
      await screen.findByRole('heading', { name: 'Autumn Presets', level: 1 }),
    ).toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: 'Webhook URL' })).toHaveValue(
      'http://acme.alva.localhost:8000/webhook/wh_autumn123',
    );
    expect(screen.getByRole('button', { name: 'Copy webhook url' })).toBeInTheDocument();
    expect(screen.getByText('3 days')).toBeInTheDocument();
    const [first, second] = rows();
    expect(first).toHaveTextContent('first.zip');
    expect(within(must(first)).getByText('Ready')).toBeInTheDocument();
    expect(second).toHaveTextContent('second.pdf');
    expect(within(must(second)).getByText('Verifying')).toBeInTheDocument();
  });

  it('moves a file at once and puts it back when the API refuses', async () => {
    const user = setupUser();
    const files = [
      makeFile({ id: 'f1', filename: 'first.zip', position: 0 }),
      makeFile({ id: 'f2', filename: 'second.pdf', position: 1 }),
    ];
    let release: () => void = () => undefined;
    let sent: unknown = null;
    serveBundle(() => makeBundle({ files }));
    server.use(
      http.put(`*/api/v1/bundles/${BUNDLE_ID}/files/order`, async ({ request }) => {
        sent = await request.json();
        await new Promise<void>((resolve) => {
          release = resolve;
        });
        return apiError(409, 'conflict', 'The files changed meanwhile.');
      }),
    );
    show();

    await user.click(await screen.findByRole('button', { name: 'Move second.pdf up' }));
    await waitFor(() => {
      expect(rows()[0]).toHaveTextContent('second.pdf');
    });
    expect(sent).toEqual({ file_ids: ['f2', 'f1'] });
    release();
    expect(await screen.findByText('The files changed meanwhile.')).toBeInTheDocument();
    expect(rows()[0]).toHaveTextContent('first.zip');
  });

  it('renames a file and shows the API’s field error', async () => {
    const user = setupUser();
    serveBundle(() => makeBundle({ files: [makeFile({ id: 'f1', filename: 'first.zip' })] }));
    server.use(
      http.patch('*/api/v1/files/f1', () =>
        apiError(422, 'validation_error', 'Some fields are invalid.', {
          fields: { filename: ['Programs and scripts (.exe) are not allowed.'] },
        }),
      ),
    );
    show();

    await user.click(await screen.findByRole('button', { name: 'Rename first.zip' }));
    const dialog = await screen.findByRole('dialog', { name: 'Rename file' });
    await fill(user, within(dialog).getByRole('textbox', { name: /file name/i }), 'setup.exe');
    await user.click(within(dialog).getByRole('button', { name: 'Rename' }));
    expect(
      await within(dialog).findByText('Programs and scripts (.exe) are not allowed.'),
    ).toBeInTheDocument();
  });

  it('says clearly when a downloaded file is kept instead of deleted', async () => {
    const user = setupUser();
    serveBundle(() => makeBundle({ files: [makeFile({ id: 'f1', filename: 'first.zip' })] }));
    server.use(
      http.delete('*/api/v1/files/f1', () =>
        apiError(409, 'file_has_downloads', 'Customers have downloaded this file, so it is kept.'),
      ),
    );
    show();

    await user.click(await screen.findByRole('button', { name: 'Delete first.zip' }));
    const confirm = await screen.findByRole('dialog', { name: 'Delete first.zip?' });
    await user.click(within(confirm).getByRole('button', { name: 'Delete file' }));
    expect(await screen.findByText('first.zip was kept')).toBeInTheDocument();
    expect(
      screen.getByText('Customers have downloaded this file, so it is kept.'),
    ).toBeInTheDocument();
    expect(rows()).toHaveLength(1);
  });

  it('shows why a bundle with deliveries was deactivated instead of deleted', async () => {
    const user = setupUser();
    let bundle = makeBundle();
    serveBundle(() => bundle);
    server.use(
      http.get('*/api/v1/bundles', () => HttpResponse.json({ items: [bundle], count: 1 })),
      http.delete(`*/api/v1/bundles/${BUNDLE_ID}`, () => {
        bundle = { ...bundle, active: false };
        return HttpResponse.json({
          deleted: false,
          deactivated: true,
          reason: 'This bundle has deliveries, so it was deactivated instead of deleted.',
        });
      }),
    );
    show('admin');

    await user.click(await screen.findByRole('button', { name: 'More' }));
    await user.click(await screen.findByRole('menuitem', { name: 'Delete bundle' }));
    const confirm = await screen.findByRole('dialog', { name: 'Delete Autumn Presets?' });
    await user.click(within(confirm).getByRole('button', { name: 'Delete bundle' }));

    expect(
      await screen.findByText('Autumn Presets was deactivated, not deleted'),
    ).toBeInTheDocument();
    expect(
      screen.getByText('This bundle has deliveries, so it was deactivated instead of deleted.'),
    ).toBeInTheDocument();
    expect(await screen.findByText(/This bundle is inactive/)).toBeInTheDocument();
  });

  it('goes back to the list when a bundle is deleted', async () => {
    const user = setupUser();
    serveBundle(() => makeBundle());
    server.use(
      http.delete(`*/api/v1/bundles/${BUNDLE_ID}`, () => new HttpResponse(null, { status: 204 })),
      http.get('*/api/v1/bundles', () => HttpResponse.json({ items: [], count: 0 })),
    );
    const { router } = show('owner');

    await user.click(await screen.findByRole('button', { name: 'More' }));
    await user.click(await screen.findByRole('menuitem', { name: 'Delete bundle' }));
    const confirm = await screen.findByRole('dialog', { name: 'Delete Autumn Presets?' });
    await user.click(within(confirm).getByRole('button', { name: 'Delete bundle' }));
    expect(await screen.findByText('bundle list')).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/bundles');
  });

  it('hides editing, uploads and file actions from members', async () => {
    serveBundle(() => makeBundle({ files: [makeFile({ id: 'f1', filename: 'first.zip' })] }));
    show('member');

    expect(await screen.findByText('first.zip')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Edit' })).not.toBeInTheDocument();
    expect(screen.queryByLabelText('Upload files')).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Choose files' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Delete first.zip' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Move first.zip up' })).not.toBeInTheDocument();
  });

  it('says when the bundle does not exist', async () => {
    server.use(
      http.get(`*/api/v1/bundles/${BUNDLE_ID}`, () =>
        apiError(404, 'not_found', 'No such bundle.'),
      ),
    );
    show();
    expect(await screen.findByText('This bundle does not exist')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Try again' })).not.toBeInTheDocument();
  });
});

describe('Uploading files', () => {
  function serveUploads({
    method,
    partSize = 4,
    size,
  }: {
    method: 'PUT' | 'MULTIPART';
    partSize?: number;
    size: number;
  }) {
    const files: Bundle['files'] = [];
    const completed: unknown[] = [];
    serveBundle(() => makeBundle({ files }));
    server.use(
      http.post(`*/api/v1/bundles/${BUNDLE_ID}/files`, async ({ request }) => {
        const body = (await request.json()) as {
          filename: string;
          size: number;
          content_type: string;
        };
        const file = makeFile({
          id: 'new-file',
          filename: body.filename,
          size: body.size,
          content_type: body.content_type,
          state: 'pending',
          sha256: null,
        });
        files.push(file);
        const parts = Math.ceil(size / partSize);
        return HttpResponse.json(
          {
            file,
            upload:
              method === 'PUT'
                ? {
                    method: 'PUT',
                    url: 'https://s3.test/put',
                    headers: { 'Content-Type': body.content_type },
                  }
                : {
                    method: 'MULTIPART',
                    part_size: partSize,
                    parts: Array.from({ length: parts }, (_, i) => ({
                      part_number: i + 1,
                      url: `https://s3.test/part/${i + 1}`,
                    })),
                  },
          },
          { status: 201 },
        );
      }),
      http.post('*/api/v1/files/new-file/complete', async ({ request }) => {
        completed.push(await request.json());
        const file = files[0];
        if (file) files[0] = { ...file, state: 'ready', sha256: 'b'.repeat(64) };
        return HttpResponse.json(files[0]);
      }),
    );
    return { completed };
  }

  it('PUTs a small file to storage with the signed headers, then completes it', async () => {
    const user = setupUser();
    const { puts } = installFakeStorage(() => ({ status: 200 }));
    const { completed } = serveUploads({ method: 'PUT', size: 10 });
    show();

    const input = await screen.findByLabelText('Upload files');
    await user.upload(input, new File(['0123456789'], 'guide.pdf', { type: 'application/pdf' }));

    await waitFor(
      () => {
        expect(completed).toEqual([{}]);
      },
      { timeout: 5_000 },
    );
    expect(puts).toEqual([
      { url: 'https://s3.test/put', headers: { 'Content-Type': 'application/pdf' }, size: 10 },
    ]);
    const row = await screen.findByTestId('file-row');
    expect(await within(row).findByText('Ready')).toBeInTheDocument();
    await waitFor(() => {
      expect(screen.queryByLabelText('Upload progress of guide.pdf')).not.toBeInTheDocument();
    });
  });

  it('uploads a big file in parts, retries a failed part on its own, and completes with the ETags', async () => {
    const user = setupUser();
    let failuresLeft = 1;
    const { puts } = installFakeStorage((put) => {
      if (put.url.endsWith('/part/2') && failuresLeft > 0) {
        failuresLeft -= 1;
        return { status: 503 };
      }
      return { status: 200, etag: `"etag-${put.url.slice(-1)}"` };
    });
    const { completed } = serveUploads({ method: 'MULTIPART', partSize: 4, size: 10 });
    show();

    await user.upload(
      await screen.findByLabelText('Upload files'),
      new File(['0123456789'], 'presets.zip', { type: 'application/zip' }),
    );

    await waitFor(
      () => {
        expect(completed).toHaveLength(1);
      },
      { timeout: 5_000 },
    );
    expect(completed[0]).toEqual({
      parts: [
        { part_number: 1, etag: '"etag-1"' },
        { part_number: 2, etag: '"etag-2"' },
        { part_number: 3, etag: '"etag-3"' },
      ],
    });
    // Part 2 twice (503, then success); the others once; slices of 4, 4 and 2 bytes.
    expect(puts.map((put) => [put.url.slice(-6), put.size]).sort()).toEqual([
      ['part/1', 4],
      ['part/2', 4],
      ['part/2', 4],
      ['part/3', 2],
    ]);
  });

  it('shows a failed upload with Retry, and the retry sends only the missing parts', async () => {
    const user = setupUser();
    let storageDown = true;
    const { puts } = installFakeStorage((put) =>
      put.url.endsWith('/part/3') && storageDown ? 'network-error' : { status: 200, etag: '"e"' },
    );
    const { completed } = serveUploads({ method: 'MULTIPART', partSize: 4, size: 10 });
    show();

    await user.upload(
      await screen.findByLabelText('Upload files'),
      new File(['0123456789'], 'presets.zip', { type: 'application/zip' }),
    );

    const retry = await screen.findByRole(
      'button',
      { name: 'Retry upload of presets.zip' },
      { timeout: 5_000 },
    );
    expect(screen.getByText(/The connection to file storage failed/)).toBeInTheDocument();
    expect(screen.getByLabelText('Upload progress of presets.zip')).toBeInTheDocument();
    expect(completed).toHaveLength(0);
    const before = puts.length;
    expect(puts.filter((put) => put.url.endsWith('/part/3'))).toHaveLength(3);

    storageDown = false;
    await user.click(retry);
    await waitFor(
      () => {
        expect(completed).toHaveLength(1);
      },
      { timeout: 5_000 },
    );
    expect(puts.slice(before).map((put) => put.url)).toEqual(['https://s3.test/part/3']);
  });

  it('shows the API’s reason when it refuses a file, without a retry', async () => {
    const user = setupUser();
    installFakeStorage(() => ({ status: 200 }));
    serveBundle(() => makeBundle());
    server.use(
      http.post(`*/api/v1/bundles/${BUNDLE_ID}/files`, () =>
        apiError(422, 'validation_error', 'Some fields are invalid.', {
          fields: { filename: ['Programs and scripts (.exe) are not allowed.'] },
        }),
      ),
    );
    show();

    await user.upload(
      await screen.findByLabelText('Upload files'),
      new File(['MZ'], 'setup.exe', { type: 'application/octet-stream' }),
    );
    expect(
      await screen.findByText(/Programs and scripts \(\.exe\) are not allowed\./),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Retry upload of setup.exe' }),
    ).not.toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Dismiss upload of setup.exe' }));
    expect(screen.queryByText(/are not allowed/)).not.toBeInTheDocument();
  });
});
