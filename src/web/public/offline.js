// Pages that work without signal (the lecturer's and the branch's): registers the service worker (sw.js)
// that keeps them; says "已保存于 10:32" on a copy from its cache; a report or an order sent with no
// signal waits in the outbox (offline-queue.js), shown as "待发送 N 条" with a button to retry, and goes
// out by itself when the link comes back. Without JavaScript the pages work online as before.
/* global offlineQueue */
'use strict';
(function () {
  if (!('serviceWorker' in navigator) || !window.indexedDB) return;
  navigator.serviceWorker.register('/sw.js', { scope: '/', updateViaCache: 'none' });
  var main = document.querySelector('main');

  function pad(n) {
    return (n < 10 ? '0' : '') + n;
  }
  function notice(className) {
    var p = document.createElement('p');
    p.className = 'notice ' + className;
    p.setAttribute('role', 'status');
    return p;
  }

  var savedAt = Number(document.body.getAttribute('data-saved-at'));
  if (savedAt) {
    var at = new Date(savedAt);
    var saved = notice('notice-offline');
    saved.textContent = '没有网络 · 已保存于 ' + pad(at.getHours()) + ':' + pad(at.getMinutes());
    main.insertBefore(saved, main.firstChild);
  }

  // Online, the pages this one links to that a day in the field needs (the schedule, each lecture or
  // order listed) are saved too, once: the lecturer need not have opened each before leaving town.
  var KEEP = /^\/(lecturer\/schedule$|lecturer\/orders\/[0-9a-f-]{36}$|branch\/orders\/[0-9a-f-]{36}$)/;
  if (!savedAt && window.caches) {
    var links = {};
    document.querySelectorAll('a[href^="/"]').forEach(function (a) {
      if (KEEP.test(a.getAttribute('href'))) links[a.getAttribute('href')] = true;
    });
    caches.open('pages').then(function (cache) {
      Object.keys(links).forEach(function (href) {
        cache.match(href).then(function (hit) {
          return hit || cache.add(href);
        });
      });
    });
  }

  var pending = notice('notice-offline notice-pending');
  var label = document.createElement('span');
  var retry = document.createElement('button');
  retry.type = 'button';
  retry.className = 'button small';
  retry.textContent = '重试';
  pending.append(label, ' ', retry);
  function showCount() {
    return offlineQueue.count().then(function (n) {
      label.textContent = '待发送 ' + n + ' 条';
      if (n > 0 && !pending.parentNode) main.insertBefore(pending, main.firstChild);
      if (n === 0 && pending.parentNode) pending.parentNode.removeChild(pending);
    });
  }
  // The server is out of reach: this page came from the cache, or a send found no answer. (The browser's
  // own navigator.onLine says only whether there is a network, not whether the server answers.)
  var unreachable = Boolean(savedAt);
  function send() {
    return offlineQueue
      .flush()
      .then(function (sent) {
        if (sent > 0) unreachable = false;
      })
      .catch(function () {
        // still no connection: the entries wait for the next chance
        unreachable = true;
      })
      .then(showCount);
  }
  retry.addEventListener('click', send);
  window.addEventListener('online', send);
  send();

  // Logging out clears the outbox with the pages (Clear-Site-Data): unsent entries would be lost, so ask first.
  var logout = document.querySelector('form.logout');
  if (logout) {
    logout.addEventListener('submit', function (event) {
      event.preventDefault();
      offlineQueue.count().then(function (n) {
        if (n === 0 || window.confirm('还有 ' + n + ' 条待发送，退出后将丢失。仍要退出吗？')) logout.submit();
      });
    });
  }

  // A report or an order sent with no signal (or no server) goes to the outbox instead of failing.
  document.querySelectorAll('form[data-offline-outbox]').forEach(function (form) {
    form.addEventListener('submit', function (event) {
      if (navigator.onLine && !unreachable) return;
      event.preventDefault();
      var fields = [];
      new FormData(form).forEach(function (value, name) {
        if (typeof value === 'string') fields.push([name, value]);
        else if (value.size > 0) fields.push([name, value, value.name]);
      });
      offlineQueue
        .add(form.action, fields, form.enctype === 'multipart/form-data')
        .then(function () {
          send();
          form.reset();
          // The order form's key went with the queued order: the next one is another order.
          if (form.elements.formKey) form.elements.formKey.value = crypto.randomUUID();
          return navigator.serviceWorker.ready;
        })
        .then(function (registration) {
          // Background Sync where the browser has it; otherwise the next page load or `online` event.
          return registration.sync && registration.sync.register(offlineQueue.SYNC_TAG);
        })
        .catch(function () {
          // no Background Sync: the page sends it when the connection comes back
        })
        .then(showCount);
    });
  });
})();
