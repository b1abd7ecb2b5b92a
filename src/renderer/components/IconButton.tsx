import type { ButtonHTMLAttributes, ReactNode, Ref } from 'react';

export interface IconButtonProps extends Omit<
  ButtonHTMLAttributes<HTMLButtonElement>,
  'aria-label' | 'children'
> {
  /** What it does, in words: an icon alone says nothing to a screen reader. */
  label: string;
  icon: ReactNode;
  size?: 'sm' | 'md';
  ref?: Ref<HTMLButtonElement>;
}

/** A button that shows only an icon; its label is read out and, unless `title` says more, shown
 * as its tooltip. */
export function IconButton({
  label,
  icon,
  size = 'md',
  title,
  type = 'button',
  className,
  ...rest
}: IconButtonProps) {
  const classes = ['icon-button', size === 'sm' ? 'icon-button--sm' : '', className ?? '']
    .filter(Boolean)
    .join(' ');
  return (
    <button type={type} className={classes} aria-label={label} title={title ?? label} {...rest}>
      {icon}
    </button>
  );
}
