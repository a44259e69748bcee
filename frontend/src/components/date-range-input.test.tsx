import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { renderScreen, setupUser } from '@/test/render';
import { DateRangeInput, formatDayRange } from './date-range-input';

function show(from: string | null, to: string | null) {
  const onChange = vi.fn<(from: string | null, to: string | null) => void>();
  renderScreen(<DateRangeInput label="Received" from={from} to={to} onChange={onChange} />);
  return onChange;
}

describe('Date range input', () => {
  it('writes a range as the calendar does', () => {
    expect(formatDayRange('2025-01-10', '2025-01-12')).toBe('Jan 10, 2025 – Jan 12, 2025');
    expect(formatDayRange('2025-01-10', null)).toBe('Jan 10, 2025 – ');
    expect(formatDayRange(null, null)).toBe('');
  });

  // These two run first, before any test has loaded the calendar's chunk.
  it('clears the range', async () => {
    const user = setupUser();
    const onChange = show('2025-01-10', '2025-01-12');
    // Still the stand-in: the calendar's code has not been asked for.
    expect(screen.getByRole('button', { name: 'Received' })).not.toHaveAttribute(
      'data-dates-input',
    );

    await user.click(screen.getByRole('button', { name: 'Clear received dates' }));
    expect(onChange).toHaveBeenCalledWith(null, null);
  });

  it('opens from the keyboard with the focus in the calendar', async () => {
    const user = setupUser();
    show(null, null);

    await user.tab();
    const input = screen.getByRole('button', { name: 'Received' });
    expect(input).toHaveFocus();
    expect(input).toHaveTextContent('Any date');
    expect(input).not.toHaveAttribute('data-dates-input');
    await user.keyboard('{Enter}');

    const calendar = await screen.findByRole('dialog');
    await waitFor(() => {
      expect(calendar).toContainElement(document.activeElement as HTMLElement);
    });
  });

  it('opens the calendar on a click and sends the two days chosen', async () => {
    const user = setupUser();
    const onChange = show('2025-01-10', '2025-01-12');

    const input = screen.getByRole('button', { name: 'Received' });
    expect(input).toHaveTextContent('Jan 10, 2025 – Jan 12, 2025');
    await user.click(input);
    // Once loaded, the calendar is what every date filter renders.
    expect(await screen.findByRole('button', { name: 'Received' })).toHaveAttribute(
      'data-dates-input',
    );

    const calendar = await screen.findByRole('dialog');
    await user.click(within(calendar).getByRole('button', { name: '14 January 2025' }));
    expect(onChange).not.toHaveBeenCalled();
    await user.click(within(calendar).getByRole('button', { name: '20 January 2025' }));
    expect(onChange).toHaveBeenCalledWith('2025-01-14', '2025-01-20');
  });

  it('keeps the range there was when the calendar closes halfway through a new one', async () => {
    const user = setupUser();
    const onChange = show('2025-01-10', '2025-01-12');

    await user.click(screen.getByRole('button', { name: 'Received' }));
    const calendar = await screen.findByRole('dialog');
    await user.click(within(calendar).getByRole('button', { name: '14 January 2025' }));
    await user.keyboard('{Escape}');

    await waitFor(() => {
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    });
    expect(onChange).not.toHaveBeenCalled();
    expect(screen.getByRole('button', { name: 'Received' })).toHaveTextContent(
      'Jan 10, 2025 – Jan 12, 2025',
    );
  });
});
