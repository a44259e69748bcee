// Put the API's 422/409 field errors onto a Mantine form; anything else becomes a form-level message.
import type { FormErrors } from '@mantine/form';
import { errorMessage, isApiError } from './api/errors';

interface FormLike {
  setErrors: (errors: FormErrors) => void;
  values: object;
}

/**
 * Returns the message to show above the form, or null when every problem sits on a field.
 * `codeFields` maps error codes without `fields` (e.g. 409 `subdomain_taken`) to the field they concern.
 */
export function applyApiErrors(
  form: FormLike,
  error: unknown,
  codeFields: Record<string, string> = {},
): string | null {
  if (!isApiError(error)) return errorMessage(error);
  const known = new Set(Object.keys(form.values));
  const fieldErrors: FormErrors = {};
  const leftover: string[] = [];
  for (const [field, messages] of Object.entries(error.fields)) {
    if (known.has(field)) fieldErrors[field] = messages.join(' ');
    else leftover.push(...messages);
  }
  const codeField = codeFields[error.code];
  if (codeField && known.has(codeField)) fieldErrors[codeField] = error.message;
  form.setErrors(fieldErrors);
  if (leftover.length > 0) return leftover.join(' ');
  return Object.keys(fieldErrors).length > 0 ? null : error.message;
}
