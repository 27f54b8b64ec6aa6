import { useSyncExternalStore } from 'react';

/** Whether a media query matches now, kept current as the window changes. */
export function useMedia(query: string): boolean {
  return useSyncExternalStore(
    (changed) => {
      const list = window.matchMedia(query);
      list.addEventListener('change', changed);
      return () => list.removeEventListener('change', changed);
    },
    () => window.matchMedia(query).matches,
  );
}

/** Phone widths: one content column, panels stacked. */
export const usePhone = () => useMedia('(max-width: 700px)');
