import type { ReactNode } from 'react';

/** A wide table that scrolls sideways inside the page, never the page itself; reachable by keyboard to scroll it. */
export function ScrollX({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="scroll-x" tabIndex={0} role="region" aria-label={label}>
      {children}
    </div>
  );
}
