// Form inputs: every field is parsed with the SDK's exact parsers; the first one that fails is the message
// shown under the form, before anything is sent.
export type Parsed<T> = { value?: T; problem?: string };

export function parseInputs<T>(build: () => T): Parsed<T> {
  try {
    return { value: build() };
  } catch (e) {
    return { problem: (e as Error).message };
  }
}
