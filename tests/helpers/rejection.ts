// The error a promise rejects with, checked to be of the expected class; fails the test when the
// promise resolves instead.
import { expect } from 'vitest';

export async function rejectionOf<E extends Error>(promise: Promise<unknown>, type: abstract new (...args: never[]) => E): Promise<E> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err, 'the call was expected to fail').toBeInstanceOf(type);
  return err as E;
}
