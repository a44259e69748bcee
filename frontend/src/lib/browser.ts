// Leaving the SPA for another host (sign-up hands over to the new store's address).
export function redirectTo(url: string): void {
  window.location.assign(url);
}
