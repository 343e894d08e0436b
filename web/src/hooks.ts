/** Data loading with cancellation: re-runs when `deps` change, aborts the previous request. */
import { type DependencyList, useCallback, useEffect, useState } from 'react';
import { ApiError } from './api.ts';

export type AsyncState<T> =
  | { status: 'loading'; data?: undefined; error?: undefined }
  | { status: 'success'; data: T; error?: undefined }
  | { status: 'error'; data?: undefined; error: ApiError };

export function useApi<T>(
  load: (signal: AbortSignal) => Promise<T>,
  deps: DependencyList,
  enabled = true,
): AsyncState<T> {
  const [state, setState] = useState<AsyncState<T>>({ status: 'loading' });
  // biome-ignore lint/correctness/useExhaustiveDependencies: callers pass the dependencies of `load`.
  useEffect(() => {
    if (!enabled) return;
    const controller = new AbortController();
    setState({ status: 'loading' });
    load(controller.signal).then(
      (data) => {
        if (!controller.signal.aborted) setState({ status: 'success', data });
      },
      (error: unknown) => {
        if (controller.signal.aborted) return;
        setState({
          status: 'error',
          error:
            error instanceof ApiError
              ? error
              : new ApiError(0, { title: 'Unexpected error', detail: String(error) }),
        });
      },
    );
    return () => controller.abort();
  }, [...deps, enabled]);
  return state;
}

/** Sets document.title for the current page. */
export function useDocumentTitle(title: string): void {
  useEffect(() => {
    document.title = title ? `${title} · Delegate` : 'Delegate';
  }, [title]);
}

/** A value that settles `delay` ms after its last change (for search boxes). */
export function useDebounced<T>(value: T, delay: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = window.setTimeout(() => setDebounced(value), delay);
    return () => window.clearTimeout(timer);
  }, [value, delay]);
  return debounced;
}

export interface Resource<T> {
  status: 'loading' | 'success' | 'error';
  /** The last data loaded: kept while a reload is in flight, so the page does not flash. */
  data: T | undefined;
  error: ApiError | undefined;
  /** Loads again (after a change made on the page). */
  reload: () => void;
}

/** Like useApi, for a record a page changes: `reload()` fetches it again and keeps the old data meanwhile. */
export function useResource<T>(
  load: (signal: AbortSignal) => Promise<T>,
  deps: DependencyList,
  enabled = true,
): Resource<T> {
  const [generation, setGeneration] = useState(0);
  const state = useApi(load, [...deps, generation], enabled);
  const [kept, setKept] = useState<{ deps: DependencyList; data: T } | null>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the data is stored with the deps it was loaded for.
  useEffect(() => {
    if (state.status === 'success') setKept({ deps, data: state.data });
  }, [state]);
  const sameDeps =
    kept !== null && kept.deps.length === deps.length && kept.deps.every((d, i) => Object.is(d, deps[i]));
  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return {
    status: state.status,
    data: state.status === 'success' ? state.data : sameDeps ? kept?.data : undefined,
    error: state.error,
    reload,
  };
}
