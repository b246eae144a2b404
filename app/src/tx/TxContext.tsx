// Every write the app sends goes through `useTx().run`: it records the action's life — waiting for the
// wallet, each transaction pending (an approval and the call are two steps), confirmed, failed with a
// readable reason, or rejected in the wallet — shows it in the activity panel, and refreshes the views once
// it is confirmed. Nothing here knows a contract: the action itself is an SDK call.
import { type ReactNode, createContext, useCallback, useContext, useMemo, useState } from "react";
import type { Hash } from "viem";

import type { WriteOptions } from "../../../sdk/types.js";
import { useProtocol } from "../protocol/ProtocolContext.js";
import { describeErrorLater } from "./describeErrorLater.js";

export type TxStatus = "wallet" | "pending" | "confirmed" | "failed" | "rejected";
export type TxStep = { label: string; hash: Hash; done: boolean };
export type TxEntry = { id: number; title: string; status: TxStatus; steps: TxStep[]; message?: string };

type Run = <R>(title: string, action: (options: WriteOptions) => Promise<R>) => Promise<R | undefined>;
type TxState = { entries: TxEntry[]; run: Run; dismiss(id: number): void };

const TxContext = createContext<TxState | undefined>(undefined);

export function useTx(): TxState {
  const state = useContext(TxContext);
  if (!state) throw new Error("useTx outside <TxProvider>");
  return state;
}

let nextId = 1;

export function TxProvider({ children }: { children: ReactNode }) {
  const { refresh } = useProtocol();
  const [entries, setEntries] = useState<TxEntry[]>([]);

  const update = useCallback(
    (id: number, change: (e: TxEntry) => Partial<TxEntry>) =>
      setEntries((all) => all.map((e) => (e.id === id ? { ...e, ...change(e) } : e))),
    [],
  );

  const run = useCallback<Run>(
    async (title, action) => {
      const id = nextId++;
      const entry: TxEntry = { id, title, status: "wallet", steps: [] };
      setEntries((all) => [entry, ...all].slice(0, 8));
      const onHash = (hash: Hash, label: string) =>
        update(id, (e) => ({
          status: "pending",
          steps: [...e.steps.map((s) => ({ ...s, done: true })), { label, hash, done: false }],
        }));
      try {
        const result = await action({ onHash });
        update(id, (e) => ({ status: "confirmed", steps: e.steps.map((s) => ({ ...s, done: true })) }));
        refresh();
        return result;
      } catch (error) {
        const { kind, message } = await describeErrorLater(error);
        update(id, () => ({ status: kind, message }));
        refresh();
        return undefined;
      }
    },
    [update, refresh],
  );

  const dismiss = useCallback((id: number) => setEntries((all) => all.filter((e) => e.id !== id)), []);
  const value = useMemo(() => ({ entries, run, dismiss }), [entries, run, dismiss]);
  return <TxContext.Provider value={value}>{children}</TxContext.Provider>;
}
