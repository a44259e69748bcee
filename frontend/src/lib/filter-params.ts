// A list's filters, sort and page live in the URL, so a view can be shared (in a ticket, a chat).
import { useDebouncedCallback } from '@mantine/hooks';
import { type ChangeEvent, type KeyboardEvent, useState } from 'react';
import { useSearchParams } from 'react-router';

/**
 * The URL's search parameters and `update`, which sets some of them (null or '' removes one) in
 * place of the current history entry. Changing a filter goes back to the first page, unless the
 * change is the page itself or `keepPage` says the rows stay the same (e.g. opening a drawer).
 * `setPage` turns the page (page 1 leaves the parameter out) and `clear` drops every parameter.
 */
export function useFilterParams() {
  const [params, setParams] = useSearchParams();
  const update = (changes: Record<string, string | null>, keepPage = false) => {
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        for (const [key, value] of Object.entries(changes)) {
          if (value) next.set(key, value);
          else next.delete(key);
        }
        if (!keepPage && !('page' in changes)) next.delete('page');
        return next;
      },
      { replace: true },
    );
  };
  const setPage = (page: number) => {
    update({ page: page === 1 ? null : String(page) });
  };
  const clear = () => {
    setParams(new URLSearchParams(), { replace: true });
  };
  return { params, update, setPage, clear };
}

/**
 * A typed filter (an email, a search) kept in the URL parameter `name`: the field shows each key at
 * once and the URL follows when typing pauses (300 ms), or at once on Enter. `input` goes on the
 * TextInput; `reset` empties the field when every filter is cleared.
 */
export function useTextFilter(
  { params, update }: Pick<ReturnType<typeof useFilterParams>, 'params' | 'update'>,
  name: string,
) {
  const [text, setText] = useState(params.get(name) ?? '');
  const apply = useDebouncedCallback((value: string) => {
    update({ [name]: value.trim() || null });
  }, 300);
  return {
    input: {
      value: text,
      onChange: (event: ChangeEvent<HTMLInputElement>) => {
        setText(event.currentTarget.value);
        apply(event.currentTarget.value);
      },
      onKeyDown: (event: KeyboardEvent<HTMLInputElement>) => {
        if (event.key === 'Enter') apply.flush();
      },
    },
    reset: () => {
      apply.cancel();
      setText('');
    },
  };
}
