// The calendar behind DateRangeInput, in a chunk of its own with @mantine/dates, dayjs and the
// dates styles: date-range-input.tsx loads it when someone first uses a date filter.
import '@mantine/dates/styles.css';
import { DatePickerInput } from '@mantine/dates';
import { IconCalendar } from '@tabler/icons-react';
import { useEffect, useRef, useState } from 'react';
import { isoDay } from '@/lib/format';
import type { DateRangeInputProps } from './date-range-input';

function toDay(value: string | Date | null): string | null {
  if (value === null) return null;
  return typeof value === 'string' ? value.slice(0, 10) : isoDay(value);
}

export function DateRangePicker({
  label,
  from,
  to,
  onChange,
  clearable,
  placeholder,
  presets,
  openOnMount,
}: DateRangeInputProps & { openOnMount: boolean }) {
  const input = useRef<HTMLButtonElement>(null);
  // The first day of a range being picked: the filter changes once both days are chosen.
  const [picking, setPicking] = useState<string | null>(null);
  const opened = useRef(false);
  useEffect(() => {
    // The stand-in was clicked: open the calendar it promised (once, also under StrictMode).
    if (!openOnMount || opened.current) return;
    opened.current = true;
    input.current?.focus();
    input.current?.click();
  }, [openOnMount]);
  return (
    <DatePickerInput
      ref={input}
      type="range"
      label={label}
      placeholder={placeholder}
      value={picking ? [picking, null] : [from, to]}
      onChange={([start, end]) => {
        if (start && !end) {
          setPicking(toDay(start));
          return;
        }
        const abandoned = picking !== null && !start && !end;
        setPicking(null);
        // Closing the calendar halfway through a new range keeps the range there was.
        if (!abandoned) onChange(toDay(start), toDay(end));
      }}
      clearable={clearable}
      clearButtonProps={{ 'aria-label': `Clear ${label.toLowerCase()} dates` }}
      allowSingleDateInRange
      maxDate={isoDay(new Date())}
      leftSection={<IconCalendar size={16} aria-hidden />}
      presets={presets}
      valueFormat="MMM D, YYYY"
    />
  );
}
