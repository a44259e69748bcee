// A read-only value with a Copy button (invite links, API keys). Works without the async
// clipboard API too (plain-HTTP hosts), by selecting the text and using execCommand.
import { ActionIcon, TextInput, Tooltip } from '@mantine/core';
import { useTimeout } from '@mantine/hooks';
import { IconCheck, IconCopy } from '@tabler/icons-react';
import { useId, useRef, useState } from 'react';

async function copyText(text: string, input: HTMLInputElement | null): Promise<boolean> {
  try {
    if ('clipboard' in navigator && window.isSecureContext) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // fall through to the selection-based copy
  }
  if (!input) return false;
  input.focus();
  input.select();
  // eslint-disable-next-line @typescript-eslint/no-deprecated -- the only copy path on insecure origins
  return document.execCommand('copy');
}

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
