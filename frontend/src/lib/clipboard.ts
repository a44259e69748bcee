// Copy text, also without the async clipboard API (plain-HTTP hosts), by selecting an input's text.

export async function copyText(
  text: string,
  input: HTMLInputElement | null = null,
): Promise<boolean> {
  try {
    if ('clipboard' in navigator && window.isSecureContext) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // fall through to the selection-based copy
  }
  const field = input ?? document.createElement('textarea');
  if (!input) {
    field.value = text;
    field.setAttribute('readonly', '');
    field.style.position = 'fixed';
    field.style.opacity = '0';
    document.body.appendChild(field);
  }
  try {
    field.focus();
    field.select();
    // eslint-disable-next-line @typescript-eslint/no-deprecated -- the only copy path on insecure origins
    return document.execCommand('copy');
  } catch {
    return false;
  } finally {
    if (!input) field.remove();
  }
}
