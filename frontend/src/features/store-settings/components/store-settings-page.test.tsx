import { fireEvent, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { installFakeStorage } from '@/test/fake-xhr';
import { makeMe } from '@/test/fixtures';
import { fill, renderScreen, setupUser } from '@/test/render';
import { apiError, http, HttpResponse, server } from '@/test/server';
import { StoreSettingsPage } from './store-settings-page';

const SETTINGS = {
  brand_color: '#4f46e5',
  support_email: '',
  retention_days: 90,
  logo_url: null as string | null,
  updated_at: null,
};

describe('Store settings', () => {
  it('saves branding and retention, with the API’s 422 field errors on their fields', async () => {
    const user = setupUser();
    const sent: unknown[] = [];
    server.use(
      http.get('*/api/v1/settings/store', () => HttpResponse.json(SETTINGS)),
      http.put('*/api/v1/settings/store', async ({ request }) => {
        const body = (await request.json()) as typeof SETTINGS;
        sent.push(body);
        if (body.support_email === 'help@bad.example') {
          return apiError(422, 'validation_error', 'Some fields are invalid.', {
            fields: { support_email: ['This domain cannot receive email.'] },
          });
        }
        return HttpResponse.json({ ...body, updated_at: '2025-01-12T10:00:00Z' });
      }),
    );
    renderScreen(<StoreSettingsPage />, { session: makeMe('admin') });

    const email = await screen.findByRole('textbox', { name: 'Support email' });
    expect(screen.getByText('No support email shown.')).toBeInTheDocument();
    await fill(user, email, 'help@bad.example');
    await user.click(screen.getByRole('button', { name: 'Save store settings' }));
    expect(await screen.findByText('This domain cannot receive email.')).toBeInTheDocument();

    await fill(user, email, 'help@northern.example');
    await fill(user, screen.getByRole('textbox', { name: /keep personal data/i }), '30');
    await fill(user, screen.getByRole('textbox', { name: 'Brand colour' }), '#0f766e');
    expect(screen.getByText('Questions? Contact help@northern.example.')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Save store settings' }));
    expect(await screen.findByText('Store settings saved.')).toBeInTheDocument();
    expect(sent.at(-1)).toEqual({
      brand_color: '#0f766e',
      support_email: 'help@northern.example',
      retention_days: 30,
    });
  });

  it('checks the retention range before sending', async () => {
    const user = setupUser();
    let puts = 0;
    server.use(
      http.get('*/api/v1/settings/store', () => HttpResponse.json(SETTINGS)),
      http.put('*/api/v1/settings/store', () => {
        puts += 1;
        return HttpResponse.json(SETTINGS);
      }),
    );
    renderScreen(<StoreSettingsPage />, { session: makeMe('owner') });

    await fill(user, await screen.findByRole('textbox', { name: /keep personal data/i }), '3');
    await user.click(screen.getByRole('button', { name: 'Save store settings' }));
    expect(
      await screen.findByText('Enter a whole number of days from 7 to 730.'),
    ).toBeInTheDocument();
    expect(puts).toBe(0);
  });

  it('shows members the settings read-only', async () => {
    server.use(http.get('*/api/v1/settings/store', () => HttpResponse.json(SETTINGS)));
    renderScreen(<StoreSettingsPage />, { session: makeMe('member') });

    expect(await screen.findByRole('textbox', { name: 'Support email' })).toBeDisabled();
    expect(screen.queryByRole('button', { name: 'Save store settings' })).not.toBeInTheDocument();
  });
});

const LOGO_URL = 'https://s3.test/alva-files/t_abc/branding/logo-1?X-Amz-Expires=300';
const KEY = 't_abc/branding/logo-1';

function png(size: number, name = 'logo.png'): File {
  return new File([new Uint8Array(size)], name, { type: 'image/png' });
}

/** The logo endpoints as the API answers them; returns what the SPA sent. */
function serveLogo({
  startError,
  confirmError,
}: {
  startError?: () => Response;
  confirmError?: () => Response;
} = {}) {
  const starts: unknown[] = [];
  const confirms: unknown[] = [];
  let removed = 0;
  server.use(
    http.get('*/api/v1/settings/store', () => HttpResponse.json(SETTINGS)),
    http.post('*/api/v1/settings/store/logo', async ({ request }) => {
      starts.push(await request.json());
      if (startError) return startError();
      return HttpResponse.json(
        {
          key: KEY,
          method: 'PUT',
          url: 'https://s3.test/put-logo',
          headers: { 'Content-Type': 'image/png' },
        },
        { status: 201 },
      );
    }),
    http.post('*/api/v1/settings/store/logo/confirm', async ({ request }) => {
      confirms.push(await request.json());
      if (confirmError) return confirmError();
      return HttpResponse.json({
        ...SETTINGS,
        logo_url: LOGO_URL,
        updated_at: '2025-01-12T10:00:00Z',
      });
    }),
    http.delete('*/api/v1/settings/store/logo', () => {
      removed += 1;
      return HttpResponse.json({ ...SETTINGS, logo_url: null });
    }),
  );
  return { starts, confirms, removed: () => removed };
}

describe('Download page logo', () => {
  it('PUTs the file straight to storage with the signed headers, confirms it, and shows it', async () => {
    const user = setupUser();
    const { puts } = installFakeStorage(() => ({ status: 200 }));
    const sent = serveLogo();
    renderScreen(<StoreSettingsPage />, { session: makeMe('admin') });

    expect(await screen.findByLabelText('No logo')).toBeInTheDocument();
    await user.upload(screen.getByLabelText('Logo file'), png(2_048));

    expect(
      await screen.findByText('Logo uploaded: the download page shows it.'),
    ).toBeInTheDocument();
    expect(sent.starts).toEqual([{ content_type: 'image/png', size: 2_048 }]);
    expect(puts).toEqual([
      { url: 'https://s3.test/put-logo', headers: { 'Content-Type': 'image/png' }, size: 2_048 },
    ]);
    expect(sent.confirms).toEqual([{ key: KEY }]);
    expect(screen.getByRole('img', { name: 'Current logo' })).toHaveAttribute('src', LOGO_URL);
    expect(screen.getByTestId('preview-logo')).toHaveAttribute('src', LOGO_URL);
    expect(screen.getByRole('button', { name: 'Replace logo' })).toBeInTheDocument();
    expect(screen.queryByLabelText('Logo upload progress')).not.toBeInTheDocument();
  });

  it('refuses SVG and files over 1 MB before sending anything', async () => {
    const user = userEvent.setup({ delay: null, applyAccept: false });
    const { puts } = installFakeStorage(() => ({ status: 200 }));
    const sent = serveLogo();
    renderScreen(<StoreSettingsPage />, { session: makeMe('admin') });
    const input = await screen.findByLabelText('Logo file');

    await user.upload(input, new File(['<svg/>'], 'logo.svg', { type: 'image/svg+xml' }));
    expect(
      await screen.findByText(
        'SVG logos are refused because they can contain scripts: upload a PNG, JPEG or WebP.',
      ),
    ).toBeInTheDocument();

    await user.upload(input, png(1024 * 1024 + 1));
    expect(
      await screen.findByText('A logo can be at most 1 MB; this file has 1,048,577 bytes.'),
    ).toBeInTheDocument();

    fireEvent.change(input, {
      target: { files: [new File(['GIF89a'], 'logo.gif', { type: 'image/gif' })] },
    });
    expect(
      await screen.findByText('Upload the logo as a PNG, JPEG or WebP image.'),
    ).toBeInTheDocument();
    expect(sent.starts).toEqual([]);
    expect(puts).toEqual([]);
  });

  it('shows the API’s precise refusal when it will not start the upload', async () => {
    const user = setupUser();
    const { puts } = installFakeStorage(() => ({ status: 200 }));
    serveLogo({
      startError: () =>
        apiError(422, 'validation_error', 'Some fields are invalid.', {
          fields: {
            size: ['A logo can be at most 1 MB (1,048,576 bytes); this file has 2,000,000 bytes.'],
          },
        }),
    });
    renderScreen(<StoreSettingsPage />, { session: makeMe('owner') });

    await user.upload(await screen.findByLabelText('Logo file'), png(10));

    expect(
      await screen.findByText(
        'A logo can be at most 1 MB (1,048,576 bytes); this file has 2,000,000 bytes.',
      ),
    ).toBeInTheDocument();
    expect(puts).toEqual([]);
  });

  it('says when storage refuses the bytes, without confirming', async () => {
    const user = setupUser();
    installFakeStorage(() => ({ status: 403 }));
    const sent = serveLogo();
    renderScreen(<StoreSettingsPage />, { session: makeMe('admin') });

    await user.upload(await screen.findByLabelText('Logo file'), png(10));

    expect(
      await screen.findByText('File storage refused the upload (HTTP 403).'),
    ).toBeInTheDocument();
    expect(sent.confirms).toEqual([]);
    expect(screen.getByLabelText('No logo')).toBeInTheDocument();
  });

  it('shows why the confirmation was refused', async () => {
    const user = setupUser();
    installFakeStorage(() => ({ status: 200 }));
    serveLogo({
      confirmError: () =>
        apiError(422, 'logo_not_an_image', 'The upload is not a PNG, JPEG or WebP image.', {
          fields: { content_type: ['The upload is not a PNG, JPEG or WebP image.'] },
        }),
    });
    renderScreen(<StoreSettingsPage />, { session: makeMe('admin') });

    await user.upload(await screen.findByLabelText('Logo file'), png(10));

    expect(
      await screen.findByText('The upload is not a PNG, JPEG or WebP image.'),
    ).toBeInTheDocument();
    expect(screen.getByLabelText('No logo')).toBeInTheDocument();
  });

  it('removes the logo', async () => {
    const user = setupUser();
    const sent = serveLogo();
    server.use(
      http.get('*/api/v1/settings/store', () =>
        HttpResponse.json({ ...SETTINGS, logo_url: LOGO_URL }),
      ),
    );
    renderScreen(<StoreSettingsPage />, { session: makeMe('admin') });

    await user.click(await screen.findByRole('button', { name: 'Remove logo' }));

    expect(await screen.findByText('Logo removed.')).toBeInTheDocument();
    expect(sent.removed()).toBe(1);
    await waitFor(() => {
      expect(screen.queryByRole('img', { name: 'Current logo' })).not.toBeInTheDocument();
    });
    expect(screen.queryByTestId('preview-logo')).not.toBeInTheDocument();
  });

  it('shows members the logo without upload or remove controls', async () => {
    server.use(
      http.get('*/api/v1/settings/store', () =>
        HttpResponse.json({ ...SETTINGS, logo_url: LOGO_URL }),
      ),
    );
    renderScreen(<StoreSettingsPage />, { session: makeMe('member') });

    expect(await screen.findByRole('img', { name: 'Current logo' })).toHaveAttribute(
      'src',
      LOGO_URL,
    );
    expect(screen.queryByLabelText('Logo file')).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Remove logo' })).not.toBeInTheDocument();
  });
});
