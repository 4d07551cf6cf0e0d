// A network tripwire for the offline test (tests/integration/offline.test.ts), loaded into
// every process and worker thread with NODE_OPTIONS=--require (children and workers inherit
// it). It records, and lets through, every outgoing connection attempt and name lookup:
// net/tls sockets (which http, https and fetch all end in), UDP sockets, dns lookups and
// resolves, and fetch calls. One JSON line per attempt in $ABSTRACTOR_NET_LOG. Plain
// CommonJS, so it loads before any loader. Test-only: never shipped.
'use strict';
const fs = require('node:fs');
const net = require('node:net');
const dns = require('node:dns');
const dgram = require('node:dgram');
const { threadId } = require('node:worker_threads');

const LOG = process.env.ABSTRACTOR_NET_LOG;

function record(kind, detail) {
  if (!LOG) return;
  const entry = { pid: process.pid, thread: threadId, kind, ...detail, argv: process.argv.slice(1, 3).join(' ') };
  try {
    fs.appendFileSync(LOG, `${JSON.stringify(entry)}\n`);
  } catch {
    // the log is the test's business; never break the process under test
  }
}

/** Where net.Socket#connect is going, from any of its call forms. */
function target(args) {
  let [first, second] = args;
  if (Array.isArray(first)) first = first[0]; // internal normalized form: [options, cb]
  if (first && typeof first === 'object') return { path: first.path, host: first.host, port: first.port };
  if (typeof first === 'string' && !/^\d+$/.test(first)) return { path: first };
  return { host: typeof second === 'string' ? second : 'localhost', port: Number(first) };
}

// Proof of presence: the test checks that workers and the engine process loaded the guard.
record('loaded', {});

const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function guardedConnect(...args) {
  const t = target(args);
  record(t.path !== undefined && t.path !== null ? 'unix' : 'connect', t);
  return connect.apply(this, args);
};

for (const name of ['lookup', 'lookupService', 'resolve', 'resolve4', 'resolve6', 'resolveAny', 'resolveCname', 'resolveMx', 'resolveNs', 'resolveSrv', 'resolveTxt', 'reverse']) {
  for (const owner of [dns, dns.promises, dns.Resolver.prototype, dns.promises.Resolver.prototype]) {
    const original = owner[name];
    if (typeof original !== 'function') continue;
    owner[name] = function guardedDns(...args) {
      record('dns', { call: name, host: String(args[0]) });
      return original.apply(this, args);
    };
  }
}

for (const name of ['send', 'connect']) {
  const original = dgram.Socket.prototype[name];
  dgram.Socket.prototype[name] = function guardedUdp(...args) {
    record('udp', { call: name, args: args.filter((a) => typeof a === 'string' || typeof a === 'number').map(String) });
    return original.apply(this, args);
  };
}

if (typeof globalThis.fetch === 'function') {
  const fetch = globalThis.fetch;
  globalThis.fetch = function guardedFetch(input, init) {
    record('fetch', { url: String(input && typeof input === 'object' && 'url' in input ? input.url : input) });
    return fetch.call(this, input, init);
  };
}
