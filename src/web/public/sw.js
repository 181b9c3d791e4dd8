// The service worker (Workbox, served by the app): the lecturer's and the branch's pages, once seen, open
// from the cache when there is no signal — network first (the newest when the link works), the copy kept
// otherwise (a gateway's 502/503/504 counts as no answer). Hashed assets never change: cache first. A field
// form (a report, an order, a name for the sign-in sheet) the server does not receive — no signal, the server
// down, a gateway error — goes to the outbox (offline-queue.js) and the person back to the page it was on;
// the outbox goes out on Background Sync (and from the pages). Logging out clears all of it (Clear-Site-Data).
/* global workbox, importScripts, offlineQueue */
'use strict';
importScripts('/assets/vendor/offline/workbox-sw.js', '/assets/vendor/offline/idb.js', '/assets/offline-queue.js');
workbox.setConfig({ modulePathPrefix: '/assets/vendor/offline/', debug: false });

var PAGES = /^\/(lecturer|branch)(\/|$)/;
// Kept at install: what a page never saved shows with no signal.
var OFFLINE_PAGE = '/offline';
// The field forms whose posts the outbox keeps when the server does not receive them.
var OUTBOX_FORMS = /^\/(lecturer\/orders\/[0-9a-f-]{36}\/(complete|attendees)|branch\/orders)$/;

// A gateway answering for an unreachable server is no answer: the saved copy is shown instead.
var gatewayIsNoAnswer = {
  fetchDidSucceed: function (param) {
    if (offlineQueue.unreachable(param.response.status)) throw new Error('gateway ' + param.response.status);
    return param.response;
  },
};

// A page answered from the cache carries when it was saved (its Date header), for offline.js to show.
var markSavedCopy = {
  cachedResponseWillBeUsed: function (param) {
    var cached = param.cachedResponse;
    if (!cached) return null;
    var savedAt = Date.parse(cached.headers.get('Date')) || 0;
    return cached.text().then(function (html) {
      var marked = html.replace('<body ', '<body data-saved-at="' + savedAt + '" ');
      return new Response(marked, { status: cached.status, headers: cached.headers });
    });
  },
};

// A page that neither the server nor the cache can give: the offline page kept at install (not the browser's own
// "no connection"), its button leading to the person's own first page (likely saved). Its text is decoded: the
// saved headers (a Content-Encoding among them) would not describe it.
var offlinePageInstead = {
  handlerDidError: function (param) {
    var home = '/' + new URL(param.request.url).pathname.split('/')[1];
    return caches.match(OFFLINE_PAGE).then(function (page) {
      if (!page) return undefined;
      return page.text().then(function (html) {
        var led = html.replace('data-home href="/"', 'data-home href="' + home + '"');
        return new Response(led, { headers: { 'Content-Type': 'text/html; charset=utf-8' } });
      });
    });
  },
};

workbox.routing.registerRoute(
  function (ctx) {
    return ctx.request.mode === 'navigate' && PAGES.test(ctx.url.pathname);
  },
  new workbox.strategies.NetworkFirst({
    cacheName: 'pages',
    networkTimeoutSeconds: 6,
    plugins: [gatewayIsNoAnswer, markSavedCopy, offlinePageInstead],
  }),
);
workbox.routing.registerRoute(
  function (ctx) {
    return ctx.url.origin === self.location.origin && ctx.url.pathname.indexOf('/assets/') === 0 && ctx.url.search !== '';
  },
  new workbox.strategies.CacheFirst({ cacheName: 'assets' }),
);

function syncLater() {
  return self.registration.sync ? self.registration.sync.register(offlineQueue.SYNC_TAG).catch(function () {}) : undefined;
}

// The server's answer to a form's post; no answer (a failed fetch, or a gateway answering for the server) fails.
function answered(request) {
  return fetch(request).then(function (response) {
    if (offlineQueue.unreachable(response.status)) throw new Error('gateway ' + response.status);
    return response;
  });
}

// A field form's post: to the server as it is; when it does not arrive, into the outbox, and the person back
// to the page (its saved copy says "待发送"). Its body is read from a copy: the post itself has used it.
self.addEventListener('fetch', function (event) {
  var request = event.request;
  if (request.method !== 'POST' || request.mode !== 'navigate' || !OUTBOX_FORMS.test(new URL(request.url).pathname)) return;
  var copy = request.clone();
  var back = request.referrer || self.location.origin + '/';
  event.respondWith(
    answered(request).catch(function () {
      return copy
        .formData()
        .then(function (data) {
          return offlineQueue.addForm(new URL(request.url).pathname, data, new URL(back).pathname + new URL(back).search);
        })
        .then(syncLater)
        .then(function () {
          return Response.redirect(back, 303);
        });
    }),
  );
});

// Any other form of the pages (accept, decline, claim, cancel, rate) needs the server's answer there and then: with
// none, the person goes back to the page it was sent from (its saved copy), marked to say it was not sent, rather
// than to the browser's own "no connection" page.
self.addEventListener('fetch', function (event) {
  var request = event.request;
  var path = new URL(request.url).pathname;
  if (request.method !== 'POST' || request.mode !== 'navigate' || !PAGES.test(path) || OUTBOX_FORMS.test(path)) return;
  var back = (request.referrer || self.location.origin + '/').split('#')[0];
  event.respondWith(
    answered(request).catch(function () {
      return Response.redirect(back + '#' + offlineQueue.NOT_SENT, 303);
    }),
  );
});

self.addEventListener('install', function (event) {
  self.skipWaiting();
  event.waitUntil(
    caches
      .open('offline')
      .then(function (cache) {
        return cache.add(OFFLINE_PAGE);
      })
      .catch(function () {}),
  );
});
self.addEventListener('activate', function (event) {
  event.waitUntil(self.clients.claim());
});
self.addEventListener('sync', function (event) {
  if (event.tag === offlineQueue.SYNC_TAG) event.waitUntil(offlineQueue.flush({ force: true }));
});
