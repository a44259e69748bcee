import { Button, TextInput } from '@mantine/core';
import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderScreen, setupUser } from '@/test/render';
import { useFilterParams, useTextFilter } from './filter-params';

function EmailFilter() {
  const filters = useFilterParams();
  const email = useTextFilter(filters, 'email');
  return (
    <>
      <TextInput label="Email" {...email.input} />
      <Button
        onClick={() => {
          email.reset();
          filters.clear();
        }}
      >
        Clear filters
      </Button>
    </>
  );
}

describe('useTextFilter', () => {
  it('puts what was typed in the URL once typing pauses, back on page 1', async () => {
    const user = setupUser();
    const { router } = renderScreen(<EmailFilter />, { route: '/?page=3&status=Approved' });

    await user.type(screen.getByLabelText('Email'), '  ada@example.com ');

    expect(screen.getByLabelText('Email')).toHaveValue('  ada@example.com ');
    await waitFor(() => {
      expect(router.state.location.search).toBe('?status=Approved&email=ada%40example.com');
    });
  });

  it('applies at once on Enter', async () => {
    const user = setupUser();
    const { router } = renderScreen(<EmailFilter />);

    await user.type(screen.getByLabelText('Email'), 'ada{Enter}');

    expect(router.state.location.search).toBe('?email=ada');
  });

  it('starts from the URL, and empties the field and the URL when the filters are cleared', async () => {
    const user = setupUser();
    const { router } = renderScreen(<EmailFilter />, { route: '/?email=ada&page=2' });
    expect(screen.getByLabelText('Email')).toHaveValue('ada');

    await user.type(screen.getByLabelText('Email'), 'x');
    await user.click(screen.getByRole('button', { name: 'Clear filters' }));
    await new Promise((resolve) => setTimeout(resolve, 400)); // past the debounce: nothing re-applies

    expect(screen.getByLabelText('Email')).toHaveValue('');
    expect(router.state.location.search).toBe('');
  });
});
