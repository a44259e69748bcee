// A from–to day picker for filters and reports; days are YYYY-MM-DD strings in the browser's zone.
//
// The calendar (@mantine/dates with dayjs and its styles, ~18 kB gzipped) is a chunk of its own,
// loaded on first use: until then a look-alike button stands in (same label, value and clear
// button). Pointing at it or focusing it starts the download; clicking it (or Enter / Space) shows
// the real picker, which opens at once with the focus in the calendar.
import { Input } from '@mantine/core';
import { IconCalendar } from '@tabler/icons-react';
import { lazy, Suspense, useId, useState } from 'react';

export interface DateRangeInputProps {
  label: string;
  from: string | null;
  to: string | null;
  onChange: (from: string | null, to: string | null) => void;
  clearable?: boolean;
  placeholder?: string;
  presets?: { label: string; value: [string, string] }[];
}

let pickerLoaded = false;

function loadPicker() {
  return import('./date-range-picker').then((module) => {
    pickerLoaded = true;
    return module;
  });
}

const DateRangePicker = lazy(() =>
  loadPicker().then((module) => ({ default: module.DateRangePicker })),
);

// "MMM D, YYYY", as the picker shows a chosen day (dayjs's English month names).
const dayFormat = new Intl.DateTimeFormat('en-US', {
  month: 'short',
  day: 'numeric',
  year: 'numeric',
});

function formatDay(day: string): string {
  const [year, month, date] = day.split('-').map(Number);
  return dayFormat.format(new Date(year ?? 1970, (month ?? 1) - 1, date ?? 1));
}

/** The picker's text for a range: "Jan 10, 2025 – Jan 12, 2025" (its label separator). */
export function formatDayRange(from: string | null, to: string | null): string {
  if (!from) return '';
  return to ? `${formatDay(from)} – ${formatDay(to)}` : `${formatDay(from)} – `;
}

/** Stands in for the picker until its code is loaded: the same input, without the calendar. */
function PickerStandIn({
  label,
  from,
  to,
  onChange,
  clearable,
  placeholder,
  onOpen,
}: Required<Omit<DateRangeInputProps, 'presets'>> & { onOpen: () => void }) {
  const id = useId();
  const text = formatDayRange(from, to);
  return (
    <Input.Wrapper label={label} id={id}>
      <Input
        component="button"
        type="button"
        id={id}
        multiline
        pointer
        leftSection={<IconCalendar size={16} aria-hidden />}
        rightSection={
          clearable && from ? (
            <Input.ClearButton
              aria-label={`Clear ${label.toLowerCase()} dates`}
              onClick={() => {
                onChange(null, null);
              }}
            />
          ) : undefined
        }
        rightSectionPointerEvents={clearable && from ? 'all' : 'none'}
        styles={{ input: { lineHeight: 'unset' } }}
        onPointerEnter={() => void loadPicker()}
        onFocus={() => void loadPicker()}
        onClick={onOpen}
      >
        {text || <Input.Placeholder>{placeholder}</Input.Placeholder>}
      </Input>
    </Input.Wrapper>
  );
}

export function DateRangeInput({
  label,
  from,
  to,
  onChange,
  clearable = true,
  placeholder = 'Any date',
  presets,
}: DateRangeInputProps) {
  // Once the calendar's code is here (another picker loaded it), the real picker renders at once.
  const [active, setActive] = useState(pickerLoaded);
  const [openOnMount, setOpenOnMount] = useState(false);
  const props = { label, from, to, onChange, clearable, placeholder };
  const standIn = (
    <PickerStandIn
      {...props}
      onOpen={() => {
        setOpenOnMount(true);
        setActive(true);
      }}
    />
  );
  if (!active) return standIn;
  return (
    <Suspense fallback={standIn}>
      <DateRangePicker {...props} presets={presets} openOnMount={openOnMount} />
    </Suspense>
  );
}
