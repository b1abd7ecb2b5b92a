import { useState } from 'react';
import { Button } from './Button';
import { CheckIcon, CopyIcon } from './Icons';

/** Copies a text to the clipboard and says so; where there is no clipboard, says that instead. */
export function CopyButton({ text, label }: { text: string; label: string }) {
  const [copied, setCopied] = useState(false);
  const [failed, setFailed] = useState(false);
  return (
    <Button
      size="sm"
      variant="ghost"
      icon={copied ? <CheckIcon size={14} /> : <CopyIcon size={14} />}
      aria-label={copied ? `${label} copied` : `Copy ${label}`}
      title={failed ? 'The clipboard is not available here' : undefined}
      onClick={() => {
        // No clipboard API at all (a page served over plain HTTP to another machine) is a failure too.
        Promise.resolve()
          .then(() => navigator.clipboard.writeText(text))
          .then(() => {
            setCopied(true);
            setTimeout(() => setCopied(false), 1500);
          })
          .catch(() => setFailed(true));
      }}
    >
      {copied ? 'Copied' : 'Copy'}
    </Button>
  );
}
