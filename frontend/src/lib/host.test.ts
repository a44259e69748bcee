import { describe, expect, it } from 'vitest';
import { hostUrl, resolveHost } from './host';

describe('resolveHost', () => {
  it('serves sign-up on app.', () => {
    expect(resolveHost('app.alva.localhost')).toEqual({
      kind: 'signup',
      appDomain: 'alva.localhost',
    });
  });

  it('serves the support console on support.', () => {
    expect(resolveHost('support.alva.example.com')).toEqual({
      kind: 'support',
      appDomain: 'alva.example.com',
    });
  });

  it('serves the dashboard on any other first label', () => {
    expect(resolveHost('Acme.alva.localhost')).toEqual({
      kind: 'dashboard',
      appDomain: 'alva.localhost',
      subdomain: 'acme',
    });
  });

  it.each(['localhost', '127.0.0.1', 'example'])('names no app on %s', (hostname) => {
    expect(resolveHost(hostname)).toEqual({ kind: 'unknown', hostname });
  });
});

describe('hostUrl', () => {
  it('keeps the scheme and port', () => {
    expect(hostUrl('acme.alva.localhost', { protocol: 'http:', port: '8000' })).toBe(
      'http://acme.alva.localhost:8000/',
    );
    expect(hostUrl('acme.alva.app', { protocol: 'https:', port: '' })).toBe(
      'https://acme.alva.app/',
    );
  });
});
