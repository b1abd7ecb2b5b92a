// One ticking clock for every relative time on screen (uptimes, "3 minutes ago"): a single timer
// while anything reads it, and only the cells that read it re-render, never a whole list.
import { useSyncExternalStore } from 'react';

const listeners = new Set<() => void>();
let now = Date.now();
let timer: ReturnType<typeof setInterval> | null = null;

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (timer === null) {
    now = Date.now();
    timer = setInterval(() => {
      now = Date.now();
      for (const l of listeners) l();
    }, 1000);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer !== null) {
      clearInterval(timer);
      timer = null;
    }
  };
}

const getNow = () => now;

/** Epoch ms, updated once a second while the component is mounted. */
export function useNow(): number {
  return useSyncExternalStore(subscribe, getNow);
}
