// ESLint flat config: @eslint/js and typescript-eslint recommended rules for the TypeScript tests,
// scripts and config. Formatting is Prettier's job, so no stylistic rules here.
import js from "@eslint/js";
import { defineConfig } from "eslint/config";
import reactHooks from "eslint-plugin-react-hooks";
import tseslint from "typescript-eslint";

export default defineConfig(
  {
    // Generated or installed output, never hand-edited.
    ignores: [
      "node_modules/",
      "artifacts/",
      "cache/",
      "coverage/",
      "typechain-types/",
      "ignition/deployments/",
      "test-results/",
      "app/dist/",
    ],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    // Plain JavaScript runs on Node; declared here because the `globals` package is not a dependency.
    files: ["**/*.{js,mjs,cjs}"],
    languageOptions: {
      globals: {
        console: "readonly",
        process: "readonly",
        Buffer: "readonly",
        URL: "readonly",
        setTimeout: "readonly",
        clearTimeout: "readonly",
      },
    },
  },
  {
    files: ["**/*.ts"],
    rules: {
      // `_`-prefixed names mark deliberately unused parameters and destructured values.
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrorsIgnorePattern: "^_" },
      ],
    },
  },
  {
    // Chai property assertions such as `expect(x).to.be.true` are expression statements by design.
    files: ["test/**/*.ts"],
    rules: {
      "@typescript-eslint/no-unused-expressions": "off",
    },
  },
  {
    // The web app: the rules of hooks (call order, effect dependencies).
    files: ["app/src/**/*.{ts,tsx}"],
    plugins: { "react-hooks": reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
);
