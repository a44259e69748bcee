// Which app this page is: the SPA is one bundle for every host and decides from the hostname.

export type HostApp =
  | { kind: 'signup'; appDomain: string }
  | { kind: 'support'; appDomain: string }
  | { kind: 'dashboard'; appDomain: string; subdomain: string }
  | { kind: 'unknown'; hostname: string };

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

export function resolveHost(hostname: string): HostApp {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  const dot = host.indexOf('.');
  // An IP address or a bare name (localhost) has no store label to route on.
  if (dot <= 0 || IPV4.test(host) || host.includes(':')) return { kind: 'unknown', hostname: host };
  const label = host.slice(0, dot);
  const appDomain = host.slice(dot + 1);
  if (!appDomain.includes('.') && appDomain !== 'localhost') {
    return { kind: 'unknown', hostname: host };
  }
  if (label === 'app') return { kind: 'signup', appDomain };
  if (label === 'support') return { kind: 'support', appDomain };
  return { kind: 'dashboard', appDomain, subdomain: label };
}

/** The URL of another host of the same deployment, keeping this page's scheme and port. */
export function hostUrl(
  host: string,
  location: Pick<Location, 'protocol' | 'port'> = window.location,
) {
  const port = location.port ? `:${location.port}` : '';
  return `${location.protocol}//${host}${port}/`;
}
