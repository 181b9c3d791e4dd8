// The outbox of forms sent without signal (a lecture's report with its photos, a branch's order), kept in
// IndexedDB until the server answers. Shared by the pages (offline.js) and the service worker (sw.js,
// Background Sync). Each entry goes with its own Idempotency-Key, and one sender at a time (Web Locks),
// so a retry after a lost answer is recognised by the server: nothing is lost, nothing is sent twice.
/* global idb */
'use strict';
(function (scope) {
  var STORE = 'outbox';
  var db = null;
  function open() {
    if (!db) {
      db = idb.openDB('offline', 1, {
        upgrade: function (d) {
          d.createObjectStore(STORE, { keyPath: 'key' });
        },
      });
    }
    return db;
  }
  function exclusively(work) {
    return scope.navigator.locks ? scope.navigator.locks.request('offline-outbox', work) : work();
  }

  // A form's fields as stored: [name, value] pairs, files kept as Blobs (IndexedDB stores them as they are).
  function add(action, fields, multipart) {
    var entry = { key: scope.crypto.randomUUID(), action: action, fields: fields, multipart: multipart, queuedAt: Date.now() };
    return open().then(function (d) {
      return d.put(STORE, entry);
    });
  }
  function count() {
    return open().then(function (d) {
      return d.count(STORE);
    });
  }
  function bodyOf(entry) {
    var body = entry.multipart ? new FormData() : new URLSearchParams();
    entry.fields.forEach(function (field) {
      if (entry.multipart && field[1] instanceof Blob) body.append(field[0], field[1], field[2]);
      else body.append(field[0], field[1]);
    });
    return body;
  }
  // The server has dealt with it (done, or refused for good: resending would not change that). Not when
  // it failed, or when the session had ended (the login page): those stay for the next round.
  function settled(response) {
    return response.status < 500 && response.status !== 403 && new URL(response.url).pathname !== '/login';
  }
  // Sends the oldest first, resolving with how many went. No answer at all (still no signal) stops the
  // round: later, again.
  function flush() {
    return exclusively(function () {
      return open()
        .then(function (d) {
          return d.getAll(STORE);
        })
        .then(function (entries) {
          entries.sort(function (a, b) {
            return a.queuedAt - b.queuedAt;
          });
          return entries
            .reduce(function (previous, entry) {
              return previous.then(function () {
                return fetch(entry.action, {
                  method: 'POST',
                  body: bodyOf(entry),
                  headers: { 'Idempotency-Key': entry.key },
                  credentials: 'same-origin',
                }).then(function (response) {
                  if (!settled(response)) throw new Error('not sent yet: ' + response.status);
                  return open().then(function (d) {
                    return d.delete(STORE, entry.key);
                  });
                });
              });
            }, Promise.resolve())
            .then(function () {
              return entries.length;
            });
        });
    });
  }
  scope.offlineQueue = { SYNC_TAG: 'offline-outbox', add: add, count: count, flush: flush };
})(self);
