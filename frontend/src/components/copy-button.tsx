// An icon button that copies a value (table cells, code blocks), saying so for two seconds.
import { ActionIcon, Button, Tooltip } from '@mantine/core';
import { useTimeout } from '@mantine/hooks';
import { IconCheck, IconCopy } from '@tabler/icons-react';
import { useState } from 'react';
import { copyText } from '@/lib/clipboard';

export function CopyButton({
  value,
  label,
  withText = false,
  size = 'sm',
}: {
  value: string;
  /** What is copied, for the accessible name: "Copy {label}". */
  label: string;
  /** A labelled button instead of an icon. */
  withText?: boolean;
  size?: 'xs' | 'sm' | 'md';
}) {
  const [copied, setCopied] = useState(false);
  const reset = useTimeout(() => {
    setCopied(false);
  }, 2000);
  const onCopy = async () => {
    const ok = await copyText(value);
    setCopied(ok);
    if (ok) reset.start();
  };
  const name = copied ? `${label} copied` : `Copy ${label}`;
  if (withText) {
    return (
      <Button
        size={size === 'md' ? 'sm' : 'xs'}
        variant={copied ? 'light' : 'default'}
        color={copied ? 'teal' : undefined}
        leftSection={
          copied ? <IconCheck size={14} aria-hidden /> : <IconCopy size={14} aria-hidden />
        }
        aria-label={name}
        onClick={onCopy}
      >
        {copied ? 'Copied' : 'Copy'}
      </Button>
    );
  }
  return (
    <Tooltip label={copied ? 'Copied' : 'Copy'}>
      <ActionIcon
        size={size}
        variant={copied ? 'filled' : 'subtle'}
        color={copied ? 'teal' : 'gray'}
        aria-label={name}
        onClick={onCopy}
      >
        {copied ? <IconCheck size={14} aria-hidden /> : <IconCopy size={14} aria-hidden />}
      </ActionIcon>
    </Tooltip>
  );
}
