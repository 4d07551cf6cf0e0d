// A contract call through a dispatcher that must succeed: its data, or an error naming the code.
import type { Dispatch } from '../../electron/main/api/dispatcher';

export async function callOk<T>(dispatch: Dispatch, name: string, payload: unknown): Promise<T> {
  const result = await dispatch(name, payload);
  if (!result.ok) throw new Error(`${name}: ${result.error.code} ${result.error.message}`);
  return result.data as T;
}
