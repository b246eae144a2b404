#!/usr/bin/env node
// The `rigshare` executable (package.json "bin"). Registers tsx so Node runs the TypeScript sources
// (whose imports use .js specifiers), then starts the CLI in cli/main.ts. Needs Node 22: `npx rigshare`
// and `npm run rigshare --` put node_modules/.bin (the `node` devDependency) first on the PATH.
import { register } from "tsx/esm/api";

register();
await import("./main.ts");
