// The local stack the web app runs on, shared by `npm run app` (scripts/app.ts) and the end-to-end tests.
// Each concern has its own module under scripts/lib/stack/:
//   processes.ts   child-process supervision (nothing outlives this process), free ports, one JSON-RPC call
//   accounts.ts    Hardhat's public test keys and the roles the demo seed gives them
//   node.ts        a `hardhat node` on 127.0.0.1
//   deployment.ts  the protocol deployed with scripts/deploy.ts (address book, Ignition journal)
//   clients.ts     viem clients for the test keys
//   seed.ts        the activity that makes a seeded chain look alive (mints, an epoch, listings)
//   appServer.ts   the web app's Vite server
// This file re-exports them, so callers import the stack from one place.
export * from "./stack/accounts.js";
export * from "./stack/appServer.js";
export * from "./stack/clients.js";
export * from "./stack/deployment.js";
export * from "./stack/node.js";
export * from "./stack/processes.js";
export * from "./stack/seed.js";
