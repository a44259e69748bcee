// A from–to day picker for filters and reports; days are YYYY-MM-DD strings in the browser's zone.
import { DatePickerInput } from '@mantine/dates';
import { IconCalendar } from '@tabler/icons-react';
import { isoDay } from '@/lib/format';

function toDay(value: string | Date | null): string | null {
  if (value === null) return null;
  return typeof value === 'string' ? value.slice(0, 10) : isoDay(value);
}

export function DateRangeInput({
  label,
  from,
  to,
  onChange,
  clearable = true,
  placeholder = 'Any date',
  presets,
}: {
  label: string;
  from: string | null;
  to: string | null;
  onChange: (from: string | null, to: string | null) => void;
  clearable?: boolean;
  placeholder?: string;
  presets?: { label: string; value: [string, string] }[];
}) {
  return (
    <DatePickerInput
      type="range"
      label={label}
      placeholder={placeholder}
      value={[from, to]}
      onChange={([start, end]) => {
        // Wait for the second click of a range.
        if (start && !end) return;
        onChange(toDay(start), toDay(end));
      }}
      clearable={clearable}
      allowSingleDateInRange
      maxDate={isoDay(new Date())}
      leftSection={<IconCalendar size={16} aria-hidden />}
      presets={presets}
      valueFormat="MMM D, YYYY"
    />
  );
}
