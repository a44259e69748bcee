// Alva's look: one brand colour, Inter, soft radii and quiet borders.
import { createTheme, type MantineColorsTuple } from '@mantine/core';

const alva: MantineColorsTuple = [
  '#f1efff',
  '#e0dcfd',
  '#bfb6f8',
  '#9c8ff3',
  '#7f6def',
  '#6c58ec',
  '#5a45e3',
  '#4a37c9',
  '#3f2fb0',
  '#33268f',
];

export const theme = createTheme({
  primaryColor: 'alva',
  primaryShade: 6,
  colors: { alva },
  fontFamily:
    "'Inter Variable', Inter, system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif",
  headings: {
    fontFamily:
      "'Inter Variable', Inter, system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif",
    fontWeight: '650',
  },
  defaultRadius: 'md',
  cursorType: 'pointer',
  components: {
    Card: { defaultProps: { withBorder: true, radius: 'lg', padding: 'lg' } },
    Paper: { defaultProps: { radius: 'lg' } },
    Modal: { defaultProps: { radius: 'lg', centered: true } },
    Table: { defaultProps: { verticalSpacing: 'sm', horizontalSpacing: 'md' } },
    Tooltip: { defaultProps: { withArrow: true } },
  },
});
