// Live updates over Server-Sent Events. EventSource sends the session cookie (same origin) and
// reconnects by itself with Last-Event-ID; when the stream fails for good (or is refused) the
// caller's fallback polls instead.
import { useEffect, useRef } from 'react';

export const JOB_EVENT_TYPES = ['snapshot', 'JobStarted', 'PageFinished', 'JobFinished', 'JobStatusChanged', 'resync', 'batch'];

export interface LiveEvent {
  type: string;
  jobId?: string;
  page?: number;
  status?: string;
  at?: string;
  counts?: { total: number; done: number; skipped: number; failed: number };
  [key: string]: unknown;
}

/**
 * Follows an event stream while `url` is set; calls `onEvent` for each event and `poll` every
 * `pollMs` while the stream is down (EventSource closed it, e.g. after a 401 or 429).
 */
export function useEventStream(
  url: string | undefined,
  onEvent: (event: LiveEvent) => void,
  poll: () => void,
  pollMs = 5000,
) {
  const handler = useRef(onEvent);
  const poller = useRef(poll);
  handler.current = onEvent;
  poller.current = poll;
  useEffect(() => {
    if (!url) return undefined;
    let timer: ReturnType<typeof setInterval> | undefined;
    const startPolling = () => {
      if (timer === undefined) timer = setInterval(() => poller.current(), pollMs);
    };
    const stopPolling = () => {
      if (timer !== undefined) clearInterval(timer);
      timer = undefined;
    };
    if (typeof EventSource === 'undefined') {
      startPolling();
      return stopPolling;
    }
    const source = new EventSource(url);
    const listener = (e: MessageEvent<string>) => {
      try {
        const data = JSON.parse(e.data) as LiveEvent;
        handler.current({ ...data, type: data.type ?? e.type });
      } catch {
        // a comment or keep-alive: nothing to show
      }
    };
    for (const type of JOB_EVENT_TYPES) source.addEventListener(type, listener as EventListener);
    source.onopen = stopPolling;
    source.onerror = () => {
      // CONNECTING: the browser retries with Last-Event-ID; poll meanwhile. CLOSED: polling only.
      poller.current();
      startPolling();
    };
    return () => {
      source.close();
      stopPolling();
    };
  }, [url, pollMs]);
}

/** Pages per second and the time left, from when pages finished (client clock). */
export function throughput(finishedAt: number[], remaining: number): { perMinute?: number; etaSeconds?: number } {
  if (finishedAt.length < 2) return {};
  const sorted = [...finishedAt].sort((a, b) => a - b);
  const recent = sorted.slice(-20);
  const first = recent[0] ?? 0;
  const last = recent[recent.length - 1] ?? 0;
  const seconds = (last - first) / 1000;
  if (seconds <= 0) return {};
  const perSecond = (recent.length - 1) / seconds;
  return { perMinute: perSecond * 60, etaSeconds: remaining > 0 ? remaining / perSecond : 0 };
}

export function formatDuration(seconds: number): string {
  if (seconds < 60) return `${Math.ceil(seconds)} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${Math.round(seconds % 60)} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}
