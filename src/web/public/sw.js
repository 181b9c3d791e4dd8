// The service worker (Workbox, served by the app): the lecturer's and the branch's pages, once seen, open
// from the cache when there is no signal — network first (the newest when the link works), the copy kept
// otherwise. Hashed assets never change: cache first. Reports and orders made offline wait in the outbox
// (offline-queue.js) and go out on Background Sync. Logging out clears all of it (Clear-Site-Data).
/* global workbox, importScripts, offlineQueue */
'use strict';
importScripts('/assets/vendor/offline/workbox-sw.js', '/assets/vendor/offline/idb.js', '/assets/offline-queue.js');
workbox.setConfig({ modulePathPrefix: '/assets/vendor/offline/', debug: false });

var PAGES = /^\/(lecturer|branch)(\/|$)/;

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

workbox.routing.registerRoute(
  function (ctx) {
    return ctx.request.mode === 'navigate' && PAGES.test(ctx.url.pathname);
  },
  new workbox.strategies.NetworkFirst({ cacheName: 'pages', networkTimeoutSeconds: 6, plugins: [markSavedCopy] }),
);
workbox.routing.registerRoute(
  function (ctx) {
    return ctx.url.origin === self.location.origin && ctx.url.pathname.indexOf('/assets/') === 0 && ctx.url.search !== '';
  },
  new workbox.strategies.CacheFirst({ cacheName: 'assets' }),
);

self.addEventListener('install', function () {
  self.skipWaiting();
});
self.addEventListener('activate', function (event) {
  event.waitUntil(self.clients.claim());
});
self.addEventListener('sync', function (event) {
  if (event.tag === offlineQueue.SYNC_TAG) event.waitUntil(offlineQueue.flush());
});
