// Reads that follow the chain: `fn` runs again whenever a new block arrives or a transaction of ours
// confirmed (`revision`), keeping the previous data on screen while it reloads. `deps` are what the query
// itself depends on (like an effect's): when they change, the old data is dropped. Runs may overlap (a slow
// read while the next block arrives); a result is shown only if no later run's result is shown already.
import { type DependencyList, useEffect, useRef, useState } from "react";

import { type Protocol, useProtocol } from "./ProtocolContext.js";

export type ChainQuery<T> = { data?: T; error?: unknown; loading: boolean };

type Result<T> = { scope: object; data?: T; error?: unknown };

export function useChainQuery<T>(fn: (protocol: Protocol) => Promise<T>, deps: DependencyList): ChainQuery<T> {
  const protocol = useProtocol();
  // A new identity whenever the query changes (its deps, or the chain it reads): React's pattern for state
  // derived from the previous render's inputs.
  const inputs = [protocol.publicClient, ...deps];
  const [current, setCurrent] = useState({ inputs, scope: {} });
  const changed = inputs.length !== current.inputs.length || inputs.some((v, i) => !Object.is(v, current.inputs[i]));
  if (changed) setCurrent({ inputs, scope: {} });
  const scope = changed ? undefined : current.scope;
  const [result, setResult] = useState<Result<T>>();
  const started = useRef(0);
  const shown = useRef(0);

  useEffect(() => {
    if (!scope) return;
    const run = ++started.current;
    const show = (next: Omit<Result<T>, "scope">) => {
      if (run <= shown.current) return;
      shown.current = run;
      setResult((previous) => ({
        scope,
        // A failed re-read keeps the last data of the same query on screen.
        data: "data" in next ? next.data : previous?.scope === scope ? previous.data : undefined,
        error: next.error,
      }));
    };
    fn(protocol).then(
      (data) => show({ data }),
      (error: unknown) => show({ error }),
    );
    // eslint-disable-next-line react-hooks/exhaustive-deps -- re-runs per block and per confirmed transaction
  }, [scope, protocol.walletClient, protocol.block?.number, protocol.revision]);

  if (!scope || result?.scope !== scope) return { loading: true };
  return { data: result.data, error: result.error, loading: false };
}
