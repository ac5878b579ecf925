import { useEffect, useRef } from 'react';
import { useMutation, useQuery, useQueryClient, type UseQueryOptions } from '@tanstack/react-query';

import type { AdminEventName, AdminEvents, MethodInput, MethodName, MethodOutput } from '../../engine/api/contract.ts';
import { client } from './client.ts';

/** Query a method; the cache key is the method and its input, so `invalidate(method)` refreshes every use. */
export function useCall<M extends MethodName>(
  method: M,
  input: MethodInput<M>,
  options: Omit<UseQueryOptions<MethodOutput<M>>, 'queryKey' | 'queryFn'> = {},
) {
  return useQuery<MethodOutput<M>>({
    queryKey: [method, input],
    queryFn: () => client.call(method, input),
    ...options,
  });
}

/** Run a method that changes something, then refresh the queries of the methods named in `invalidates`. */
export function useAction<M extends MethodName>(method: M, invalidates: MethodName[] = []) {
  const queryClient = useQueryClient();
  return useMutation<MethodOutput<M>, Error, MethodInput<M>>({
    mutationFn: (input) => client.call(method, input),
    onSuccess: async () => {
      await Promise.all(invalidates.map((name) => queryClient.invalidateQueries({ queryKey: [name] })));
    },
  });
}

/** Listen for an engine event while the component is mounted. */
export function useAdminEvent<E extends AdminEventName>(name: E, listener: (data: AdminEvents[E]) => void): void {
  const latest = useRef(listener);
  latest.current = listener;
  useEffect(() => client.on(name, (data) => latest.current(data)), [name]);
}
