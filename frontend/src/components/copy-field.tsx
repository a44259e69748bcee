// A read-only value with a Copy button (invite links, API keys, webhook URLs).
import { ActionIcon, TextInput, Tooltip } from '@mantine/core';
import { useTimeout } from '@mantine/hooks';
import { IconCheck, IconCopy } from '@tabler/icons-react';
import { useId, useRef, useState } from 'react';
import { copyText } from '@/lib/clipboard';

export function CopyField({
  label,
  value,
  description,
  monospace = false,
}: {
  label: string;
  value: string;
  description?: string;
  monospace?: boolean;
}) {
  const inputRef = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState(false);
  const reset = useTimeout(() => {
    setCopied(false);
  }, 2000);
  const id = useId();

  const onCopy = async () => {
    const ok = await copyText(value, inputRef.current);
    setCopied(ok);
    if (ok) reset.start();
  };

  return (
    <TextInput
      id={id}
      ref={inputRef}
      label={label}
      description={description}
      value={value}
      readOnly
      onFocus={(event) => {
        event.currentTarget.select();
      }}
      styles={{ input: monospace ? { fontFamily: 'var(--mantine-font-family-monospace)' } : {} }}
      rightSectionWidth={42}
      rightSection={
        <Tooltip label={copied ? 'Copied' : 'Copy'}>
          <ActionIcon
            variant={copied ? 'filled' : 'subtle'}
            color={copied ? 'teal' : 'gray'}
            aria-label={copied ? `${label} copied` : `Copy ${label.toLowerCase()}`}
            onClick={onCopy}
          >
            {copied ? <IconCheck size={16} aria-hidden /> : <IconCopy size={16} aria-hidden />}
          </ActionIcon>
        </Tooltip>
      }
    />
  );
}
