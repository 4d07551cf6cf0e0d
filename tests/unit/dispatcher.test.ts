// The dispatcher every transport goes through: contract validation in, envelopes out.
// Handlers here are stand-ins; the real ones run in the bridge integration test.
import { describe, expect, it, vi } from 'vitest';
import { CALL_NAMES, type CallName } from '../../shared/contract';
import type { DocumentRecord } from '../../shared/domain';
import { AppError, ERROR_CODES, type Envelope } from '../../shared/errors';
import { createDispatcher, type Handlers } from '../../electron/main/api/dispatcher';

const DOC: DocumentRecord = {
  id: 1,
  sha256: 'ab'.repeat(32),
  title: 'Lease',
  fileName: 'lease.pdf',
  domain: 'legal',
  pageCount: 2,
  pagesNeedingOcr: 0,
  bytes: 1234,
  metadata: {},
  importedAt: '2024-01-02T03:04:05.000Z',
  status: 'ready',
  error: null,
};

function handlers(overrides: Partial<Handlers> = {}): Handlers {
  const unused = Object.fromEntries(
    CALL_NAMES.map((name) => [
      name,
      () => {
        throw new Error(`handler ${name} should not run`);
      },
    ]),
  ) as unknown as Handlers;
  return { ...unused, ...overrides };
}

const INFO = { version: '1.2.3', archiveDir: '/tmp/a', transport: 'ipc' as const, documentCount: 0, encrypted: true };

function expectNoStack(envelope: Envelope<unknown>): void {
  expect(envelope.ok).toBe(false);
  if (envelope.ok) return;
  expect(Object.keys(envelope.error).sort()).toEqual(['code', 'message']);
  expect(envelope.error.message).not.toMatch(/\n\s+at /);
  expect(JSON.stringify(envelope)).not.toMatch(/\.ts:\d+|node_modules|\bat async\b/);
}

describe('createDispatcher', () => {
  it('runs the handler with the parsed request (defaults applied) and wraps the result', async () => {
    const list = vi.fn(() => ({ total: 1, items: [DOC], next: null }));
    const dispatch = createDispatcher(handlers({ 'documents:list': list }), { checkResponses: true });
    await expect(dispatch('documents:list', {})).resolves.toEqual({ ok: true, data: { total: 1, items: [DOC], next: null } });
    expect(list).toHaveBeenCalledWith({ view: 'all', sort: { key: 'importedAt', direction: 'desc' }, filter: '', after: null, limit: 100, work: null });
  });

  it('treats a missing payload as an empty request', async () => {
    const dispatch = createDispatcher(handlers({ 'app:info': () => INFO }));
    await expect(dispatch('app:info', undefined)).resolves.toEqual({ ok: true, data: INFO });
    await expect(dispatch('app:info', null)).resolves.toEqual({ ok: true, data: INFO });
  });

  it.each(['nope', 'documents:explode', '__proto__', 'constructor', 'toString', 'hasOwnProperty', ''])(
    'answers an unknown call %j with unknown_call',
    async (name) => {
      const envelope = await dispatch(name);
      expect(envelope).toMatchObject({ ok: false, error: { code: 'unknown_call' } });
      expectNoStack(envelope);
    },
  );

  async function dispatch(name: string, payload: unknown = {}) {
    return createDispatcher(handlers())(name, payload);
  }

  it.each<[CallName, unknown]>([
    ['documents:get', { id: 'one' }],
    ['documents:get', { id: -1 }],
    ['documents:get', { id: 1.5 }],
    ['documents:get', {}],
    ['documents:page', { id: 1, page: 0 }],
    ['documents:list', { limit: 0 }],
    ['documents:list', { limit: 501 }],
    ['documents:list', { sort: { key: 'sha256', direction: 'asc' } }],
    ['documents:list', { after: { value: 'x', id: 0 } }],
    ['documents:list', { view: 'everything' }],
    ['documents:import', { files: [] }],
    ['documents:import', { files: [{ key: 'k', name: 'a.pdf', data: 'not bytes' }] }],
    ['documents:update', { id: 1, title: '   ' }],
    ['documents:update', { id: 1, domain: 'finance' }],
    ['search:query', { query: '' }],
    ['search:query', { query: 'x'.repeat(501) }],
    ['search:query', 'governing law'],
  ])('answers %s with a bad payload %j with invalid_request, without running the handler', async (name, payload) => {
    const spy = vi.fn();
    const dispatch = createDispatcher(handlers({ [name]: spy } as Partial<Handlers>));
    const envelope = await dispatch(name, payload);
    expect(envelope).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    expectNoStack(envelope);
    if (!envelope.ok) expect(envelope.error.message).toContain(name);
    expect(spy).not.toHaveBeenCalled();
  });

  it('passes an AppError through with its own code and message', async () => {
    const onInternalError = vi.fn();
    const dispatch = createDispatcher(
      handlers({
        'documents:get': ({ id }) => {
          throw new AppError('not_found', `No document with id ${id}.`);
        },
      }),
      { onInternalError },
    );
    const envelope = await dispatch('documents:get', { id: 7 });
    expect(envelope).toEqual({ ok: false, error: { code: 'not_found', message: 'No document with id 7.' } });
    expect(onInternalError).not.toHaveBeenCalled();
  });

  it('passes an AppError from an async handler through', async () => {
    const dispatch = createDispatcher(
      handlers({
        'documents:retry': async () => {
          await Promise.resolve();
          throw new AppError('password_incorrect', 'The password is incorrect.');
        },
      }),
    );
    await expect(dispatch('documents:retry', { id: 1, password: 'x' })).resolves.toEqual({
      ok: false,
      error: { code: 'password_incorrect', message: 'The password is incorrect.' },
    });
  });

  it('reports any other throw as internal, with no stack and not its message (it may quote a document), and tells onInternalError', async () => {
    const boom = new TypeError('Unexpected token in "Oswin Fairweather pays the rent"');
    const onInternalError = vi.fn();
    const dispatch = createDispatcher(
      handlers({
        'documents:delete': () => {
          throw boom;
        },
      }),
      { onInternalError },
    );
    const envelope = await dispatch('documents:delete', { id: 3 });
    expect(envelope).toMatchObject({ ok: false, error: { code: 'internal', message: expect.stringContaining('TypeError') } });
    expect(JSON.stringify(envelope)).not.toContain('Fairweather');
    expectNoStack(envelope);
    expect(onInternalError).toHaveBeenCalledWith('documents:delete', boom);
  });

  it('reports a thrown non-Error as internal', async () => {
    const dispatch = createDispatcher(
      handlers({
        'documents:delete': () => {
          throw 'plain string'; // eslint-disable-line @typescript-eslint/only-throw-error
        },
      }),
    );
    await expect(dispatch('documents:delete', { id: 3 })).resolves.toEqual({
      ok: false,
      error: { code: 'internal', message: expect.stringContaining('(string)') },
    });
  });

  it('with checkResponses, turns a response that breaks the contract into internal', async () => {
    const bad = () => ({ version: '1', archiveDir: '/a', transport: 'carrier-pigeon', documentCount: -1 }) as never;
    const onInternalError = vi.fn();
    const checked = createDispatcher(handlers({ 'app:info': bad }), { checkResponses: true, onInternalError });
    const envelope = await checked('app:info', {});
    expect(envelope).toMatchObject({ ok: false, error: { code: 'internal' } });
    expectNoStack(envelope);
    expect(onInternalError).toHaveBeenCalledTimes(1);

    // Without the check the same response goes out as it is (production trusts its handlers).
    const unchecked = createDispatcher(handlers({ 'app:info': bad }));
    await expect(unchecked('app:info', {})).resolves.toMatchObject({ ok: true, data: { transport: 'carrier-pigeon' } });
  });

  it('with checkResponses, accepts a response that fits the contract', async () => {
    const dispatch = createDispatcher(handlers({ 'documents:get': () => ({ document: DOC, pages: [] }) }), { checkResponses: true });
    await expect(dispatch('documents:get', { id: 1 })).resolves.toEqual({ ok: true, data: { document: DOC, pages: [] } });
  });

  it('only ever answers with a code from the shared union', async () => {
    const dispatch = createDispatcher(
      handlers({
        'documents:delete': () => {
          throw new Error('x');
        },
      }),
    );
    const envelopes = await Promise.all([
      dispatch('nope', {}),
      dispatch('documents:get', { id: 'x' }),
      dispatch('documents:delete', { id: 1 }),
    ]);
    for (const envelope of envelopes) {
      expect(envelope.ok).toBe(false);
      if (!envelope.ok) expect(ERROR_CODES).toContain(envelope.error.code);
    }
  });
});
