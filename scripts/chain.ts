// `npm run chain`: a local Hardhat node on 127.0.0.1 (default port 8545; `npm run chain -- --port 8546`),
// for `npm run deploy -- --network localhost [--seed]` and the rigshare CLI. Runs `hardhat node` with
// node_modules/.bin first on the PATH (Node 22) and forwards Ctrl-C so no node is left running.
import { spawn } from "node:child_process";
import path from "node:path";
import { parseArgs } from "node:util";

const { values } = parseArgs({ options: { port: { type: "string", default: "8545" } } });
const bin = path.resolve(import.meta.dirname, "..", "node_modules", ".bin");
const child = spawn(path.join(bin, "hardhat"), ["node", "--hostname", "127.0.0.1", "--port", values.port], {
  stdio: "inherit",
  env: { ...process.env, PATH: `${bin}${path.delimiter}${process.env.PATH ?? ""}` },
});
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => child.kill(signal));
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
