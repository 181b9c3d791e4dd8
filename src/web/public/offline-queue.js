// The outbox of forms the server did not receive (no signal, the server down, a gateway's 502/503/504): a
// lecture's report with its photos, a branch's order, a name added to the sign-in sheet. Kept in IndexedDB
// until every part is acknowledged; shared by the service worker (sw.js: it queues the failed post, and sends
// on Background Sync) and the pages (offline.js: on load, on `online`, on a timer with backoff, and on 重试).
//
// An entry is sent in parts, each under its own Idempotency-Key, so that a resend after a lost answer is
// recognised by the server: the form (the key is the form's `formKey`), then each photo alone to the form's
// `photoAction` (key `<key>.photo.<place>`, as the server names a photo sent with its report). A part
// acknowledged is marked in the entry and never sent again; one sender at a time (Web Locks). A part the
// server refuses (4xx) stops the entry, kept with the server's problem (title, detail) for the person to
// edit or dismiss: nothing is dropped silently, nothing is sent twice.
/* global idb */
'use strict';
(function (scope) {
  var STORE = 'outbox';
  var FIRST_RETRY_MS = 5000;
  var LAST_RETRY_MS = 5 * 60 * 1000;
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
  function save(entry) {
    return open().then(function (d) {
      return d.put(STORE, entry);
    });
  }
  function remove(key) {
    return open().then(function (d) {
      return d.delete(STORE, key);
    });
  }
  // An entry queued by the outbox before it sent in parts ({key, action, fields with the photos, multipart}):
  // the same form, its photos sent with it in one post as then.
  function upgraded(entry) {
    if (entry.photos) return entry;
    var photos = entry.fields.filter(function (field) {
      return field[1] instanceof Blob;
    });
    var action = new URL(entry.action, scope.location.href).pathname;
    return {
      key: entry.key,
      action: action,
      page: action.replace(/\/complete$/, ''),
      fields: entry.fields.filter(function (field) {
        return !(field[1] instanceof Blob);
      }),
      photos: photos.map(function (field) {
        return { blob: field[1], name: field[2], done: false };
      }),
      photoAction: null,
      formDone: false,
      queuedAt: entry.queuedAt,
      attempts: 0,
      retryAt: 0,
      refused: null,
    };
  }
  function all() {
    return open()
      .then(function (d) {
        return d.getAll(STORE);
      })
      .then(function (entries) {
        return entries.map(upgraded).sort(function (a, b) {
          return a.queuedAt - b.queuedAt;
        });
      });
  }

  // A form the server did not receive, from its FormData; `page` is where it was filled in (to edit it there).
  function addForm(action, data, page) {
    var entry = { key: null, action: action, page: page, fields: [], photos: [], photoAction: null };
    entry.formDone = false;
    entry.queuedAt = Date.now();
    entry.attempts = 0;
    entry.retryAt = 0;
    entry.refused = null;
    data.forEach(function (value, name) {
      if (typeof value !== 'string') {
        if (value.size > 0) entry.photos.push({ blob: value, name: value.name, done: false });
        return;
      }
      if (name === 'formKey') entry.key = value;
      if (name === 'photoAction') entry.photoAction = value;
      entry.fields.push([name, value]);
    });
    entry.key = entry.key || scope.crypto.randomUUID();
    return save(entry).then(function () {
      return entry;
    });
  }

  // The gateway answered for a server it could not reach: as good as no answer.
  function unreachable(status) {
    return status === 502 || status === 503 || status === 504;
  }
  // Worth sending again later: no server, a server error, a session to log in again, a limit, a retry still running.
  function later(response, problem) {
    var status = response.status;
    if (status >= 500 || status === 401 || status === 403 || status === 408 || status === 429) return true;
    return status === 409 && problem && problem.code === 'IDEMPOTENCY_REQUEST_IN_PROGRESS';
  }

  function post(url, body, key) {
    return fetch(url, {
      method: 'POST',
      body: body,
      headers: { 'Idempotency-Key': key, Accept: 'application/json' },
      credentials: 'same-origin',
    }).then(function (response) {
      // Acknowledged: the app's own JSON answer (a portal's or proxy's page would not be).
      var json = /json/.test(response.headers.get('Content-Type') || '');
      return (json ? response.json() : Promise.resolve(null))
        .catch(function () {
          return null;
        })
        .then(function (answer) {
          if (response.ok && json) return { done: true };
          if (!json || later(response, answer)) return { later: true };
          return { refused: { status: response.status, title: answer.title, detail: answer.detail, fields: answer.fields || [] } };
        });
    });
  }

  // The session's current form token replaces the stored one (a new login since the entry was queued).
  function formBody(entry, csrf) {
    var body = new URLSearchParams();
    entry.fields.forEach(function (field) {
      body.append(field[0], csrf && field[0] === '_csrf' ? csrf : field[1]);
    });
    return body;
  }
  function photoBody(entry, photo, csrf) {
    var body = new FormData();
    var token = entry.fields.filter(function (field) {
      return field[0] === '_csrf';
    })[0];
    if (token) body.append('_csrf', csrf || token[1]);
    body.append('photo', photo.blob, photo.name);
    return body;
  }

  // The parts not yet acknowledged, in order: the form, then each photo (alone when the form names where to).
  function sendEntry(entry, csrf) {
    var parts = [];
    if (!entry.formDone) {
      var withPhotos = !entry.photoAction && entry.photos.length > 0;
      parts.push(function () {
        var body = formBody(entry, csrf);
        if (withPhotos) {
          var data = new FormData();
          body.forEach(function (value, name) {
            data.append(name, value);
          });
          entry.photos.forEach(function (photo) {
            data.append('photo', photo.blob, photo.name);
          });
          body = data;
        }
        return post(entry.action, body, entry.key).then(function (outcome) {
          if (outcome.done) {
            entry.formDone = true;
            if (withPhotos) entry.photos = [];
          }
          return outcome;
        });
      });
    }
    entry.photos.forEach(function (photo, place) {
      if (photo.done || !entry.photoAction) return;
      parts.push(function () {
        return post(entry.photoAction, photoBody(entry, photo, csrf), entry.key + '.photo.' + place).then(function (outcome) {
          if (outcome.done) photo.done = true;
          return outcome;
        });
      });
    });
    return parts.reduce(
      function (previous, part) {
        return previous.then(function (outcome) {
          if (!outcome.done) return outcome;
          return part().then(function (next) {
            // Each acknowledged part is remembered at once: a resend starts after it.
            return next.done ? save(entry).then(constant(next)) : next;
          });
        });
      },
      Promise.resolve({ done: true }),
    );
  }

  function constant(value) {
    return function () {
      return value;
    };
  }

  // Sends what waits, oldest first; resolves with what is left. `force` (重试, the link back) ignores the
  // backoff; `csrf` is the page's form token. No answer stops the round: the entry waits, and waits longer
  // each time (5 s doubling to 5 min).
  function flush(options) {
    var force = Boolean(options && options.force);
    var csrf = options && options.csrf;
    return exclusively(function () {
      return all().then(function (entries) {
        return entries
          .reduce(function (previous, entry) {
            return previous.then(function (stopped) {
              if (stopped || entry.refused) return stopped;
              // In the order made: one still waiting out its backoff holds those behind it (a second report of a
              // lecture went out before the first, which the server then refused).
              if (!force && entry.retryAt > Date.now()) return true;
              return sendEntry(entry, csrf)
                .catch(function () {
                  return { later: true };
                })
                .then(function (outcome) {
                  if (outcome.done) return remove(entry.key).then(constant(false));
                  if (outcome.refused) {
                    entry.refused = outcome.refused;
                    return save(entry).then(constant(false));
                  }
                  entry.attempts += 1;
                  entry.retryAt = Date.now() + Math.min(LAST_RETRY_MS, FIRST_RETRY_MS * Math.pow(2, entry.attempts - 1));
                  return save(entry).then(constant(true));
                });
            });
          }, Promise.resolve(false))
          .then(all);
      });
    });
  }

  scope.offlineQueue = {
    SYNC_TAG: 'offline-outbox',
    // The mark (a URL fragment) on the page a form needing the server was sent from when it did not reach it.
    NOT_SENT: 'not-sent',
    addForm: addForm,
    all: all,
    remove: remove,
    flush: flush,
    unreachable: unreachable,
  };
})(self);
