// Pages that work without signal (the lecturer's and the branch's): registers the service worker (sw.js)
// that keeps them; says "已保存于 10:32" on a copy from its cache. A field form the server did not receive
// waits in the outbox (offline-queue.js, filled by the service worker), shown as "待发送 N 条" with a button
// to retry, and goes out by itself: on this page's load, when the link comes back (`online`), and on a timer
// that waits longer after each failure (a server down gives no `online` event). What the server refused is
// listed as "未能提交" with its reason, to edit or dismiss. Without JavaScript the pages work online as before.
/* global offlineQueue */
'use strict';
(function () {
  if (!('serviceWorker' in navigator) || !window.indexedDB) return;
  navigator.serviceWorker.register('/sw.js', { scope: '/', updateViaCache: 'none' });
  var main = document.querySelector('main');

  // The page's texts, in its language (page-texts.js).
  var text = window.pageText;
  function pad(n) {
    return (n < 10 ? '0' : '') + n;
  }
  function element(tag, className, text) {
    var e = document.createElement(tag);
    if (className) e.className = className;
    if (text) e.textContent = text;
    return e;
  }
  function notice(className) {
    var p = element('div', 'notice ' + className);
    p.setAttribute('role', 'status');
    return p;
  }
  function button(text) {
    var b = element('button', 'button small', text);
    b.type = 'button';
    return b;
  }
  function newKey(form) {
    if (form.elements.formKey) form.elements.formKey.value = crypto.randomUUID();
  }

  // The language the saved pages are in (the page's own, when they were saved).
  var SAVED_LANGUAGE = 'gpl.savedPagesLanguage';
  var savedAt = Number(document.body.getAttribute('data-saved-at'));
  if (savedAt) {
    var at = new Date(savedAt);
    var saved = notice('notice-offline');
    saved.textContent = text('client.offlineSaved', { time: pad(at.getHours()) + ':' + pad(at.getMinutes()) });
    main.insertBefore(saved, main.firstChild);
    // The saved copy's form key went with the form sent from it: the next one is another order or report.
    document.querySelectorAll('form').forEach(newKey);
  }

  // Back from a form that needed the server and did not reach it (sw.js marks the page): said once.
  if (location.hash === '#' + offlineQueue.NOT_SENT) {
    var unsent = notice('notice-error notice-not-sent');
    unsent.textContent = text('client.notSent');
    main.insertBefore(unsent, main.firstChild);
    history.replaceState(history.state, '', location.pathname + location.search);
  }

  // Online, the pages this one links to that a day in the field needs (the schedule, each lecture or
  // order listed) are saved too, once: the lecturer need not have opened each before leaving town.
  var KEEP = /^\/(lecturer\/schedule$|lecturer\/orders\/[0-9a-f-]{36}$|branch\/orders\/[0-9a-f-]{36}$)/;
  if (!savedAt && window.caches) {
    var links = {};
    document.querySelectorAll('a[href^="/"]').forEach(function (a) {
      if (KEEP.test(a.getAttribute('href'))) links[a.getAttribute('href')] = true;
    });
    // Pages saved in another language (before the person switched) are dropped, to be saved again in this one: a
    // saved copy is kept as it was, so without this they would open in the old language with no signal.
    var language = document.documentElement.lang;
    var savedIn = localStorage.getItem(SAVED_LANGUAGE);
    localStorage.setItem(SAVED_LANGUAGE, language);
    var fresh = savedIn !== null && savedIn !== language;
    if (fresh) links[location.pathname + location.search] = true;
    (fresh ? caches.delete('pages') : Promise.resolve())
      .then(function () {
        return caches.open('pages');
      })
      .then(function (cache) {
        Object.keys(links).forEach(function (href) {
          cache
            .match(href)
            .then(function (hit) {
              return hit || cache.add(href);
            })
            .catch(function () {
              // Saving ahead is a convenience: a page not saved now (no longer this person's to see since the list
              // was shown, the server busy, the signal gone) is saved when opened, and nothing else depends on it.
            });
        });
      });
  }

  var pending = notice('notice-offline notice-pending');
  var label = element('span');
  var retry = button(text('client.retry'));
  pending.append(label, ' ', retry);
  var refusedList = notice('notice-error notice-refused');
  // What went out since this page was opened (from here or by the service worker): the page may be older than that.
  var delivered = notice('notice-done notice-delivered');
  var deliveredText = element('span');
  var reload = button(text('client.refresh'));
  reload.addEventListener('click', function () {
    location.reload();
  });
  delivered.append(deliveredText, ' ', reload);
  var waitingBefore = null;
  var deliveredCount = 0;

  function place(box, shown) {
    if (shown && !box.parentNode) main.insertBefore(box, main.firstChild);
    if (!shown && box.parentNode) box.parentNode.removeChild(box);
  }

  // The form on this page an entry came from, if it is here.
  function formOf(entry) {
    return Array.prototype.filter.call(document.querySelectorAll('form[data-offline-outbox]'), function (form) {
      return new URL(form.action).pathname === entry.action;
    })[0];
  }
  // Back into its form (photos too), to correct and send again as a new form; the entry goes.
  function edit(entry, form) {
    entry.fields.forEach(function (field) {
      var input = form.elements[field[0]];
      if (input && field[0] !== '_csrf' && field[0] !== 'formKey' && input.type !== 'file') input.value = field[1];
    });
    var files = form.querySelector('input[type="file"]');
    if (files && entry.photos.length > 0 && typeof DataTransfer !== 'undefined') {
      var transfer = new DataTransfer();
      entry.photos.forEach(function (photo) {
        if (!photo.done) transfer.items.add(new File([photo.blob], photo.name, { type: photo.blob.type }));
      });
      files.files = transfer.files;
    }
    newKey(form);
    form.scrollIntoView();
    return offlineQueue.remove(entry.key).then(show);
  }
  function refusedItem(entry) {
    var item = element('li');
    item.append(text('client.refusedItem', { title: entry.refused.title, detail: entry.refused.detail || '' }));
    if (entry.refused.fields.length > 0) {
      item.append(text('client.refusedFields', { fields: entry.refused.fields.join(text('client.fieldSeparator')) }));
    }
    var form = formOf(entry);
    var fix = form ? button(text('client.edit')) : element('a', 'button small', text('client.edit'));
    if (form) {
      fix.addEventListener('click', function () {
        edit(entry, form);
      });
    } else fix.href = entry.page;
    var dismiss = button(text('client.dismiss'));
    dismiss.addEventListener('click', function () {
      offlineQueue.remove(entry.key).then(show);
    });
    item.append(' ', fix, ' ', dismiss);
    return item;
  }

  // A form made once per lecture (its report) waiting in the outbox is out of sight until it is sent or refused, with
  // a note in its place: filled in again from the saved page, it became a second report.
  function holdOnceForms(waiting) {
    document.querySelectorAll('form[data-offline-once]').forEach(function (form) {
      var held = waiting.some(function (e) {
        return e.action === new URL(form.action).pathname;
      });
      var note =
        form.previousElementSibling && form.previousElementSibling.classList.contains('notice-held') ? form.previousElementSibling : null;
      if (held && !note) {
        note = notice('notice-offline notice-held');
        note.textContent = text('client.waiting', { n: 1 });
        form.parentNode.insertBefore(note, form);
      }
      if (!held && note) note.parentNode.removeChild(note);
      form.hidden = held;
    });
  }

  var timer = null;
  function show() {
    return offlineQueue.all().then(function (entries) {
      var waiting = entries.filter(function (e) {
        return !e.refused;
      });
      var refused = entries.filter(function (e) {
        return e.refused;
      });
      label.textContent = text('client.waiting', { n: waiting.length });
      place(pending, waiting.length > 0);
      holdOnceForms(waiting);
      var keys = entries.map(function (e) {
        return e.key;
      });
      if (waitingBefore !== null) {
        deliveredCount += waitingBefore.filter(function (key) {
          return keys.indexOf(key) < 0;
        }).length;
      }
      waitingBefore = waiting.map(function (e) {
        return e.key;
      });
      deliveredText.textContent = text('client.delivered', { n: deliveredCount });
      place(delivered, deliveredCount > 0);
      // Something reached the server: "没有网络" no longer holds (the page is still the saved one: 刷新页面 says so).
      if (deliveredCount > 0 && saved) place(saved, false);
      refusedList.textContent = text('client.refused', { n: refused.length });
      var list = element('ul');
      refused.forEach(function (entry) {
        list.append(refusedItem(entry));
      });
      refusedList.append(list);
      place(refusedList, refused.length > 0);
      // The next try when the earliest entry's wait is over.
      clearTimeout(timer);
      if (waiting.length > 0) {
        var due = Math.min.apply(
          null,
          waiting.map(function (e) {
            return e.retryAt;
          }),
        );
        timer = setTimeout(send, Math.max(1000, due - Date.now()));
      }
    });
  }
  var token = document.querySelector('input[name="_csrf"]');
  function send(force) {
    return offlineQueue
      .flush({ force: force === true, csrf: token && token.value })
      .catch(function () {
        // IndexedDB or the lock failed: the entries stay for the next chance
      })
      .then(show);
  }
  retry.addEventListener('click', function () {
    send(true);
  });
  window.addEventListener('online', function () {
    send(true);
  });
  send();

  // Logging out clears the outbox with the pages (Clear-Site-Data): unsent entries would be lost, so ask first.
  var logout = document.querySelector('form.logout');
  if (logout) {
    logout.addEventListener('submit', function (event) {
      event.preventDefault();
      offlineQueue.all().then(function (entries) {
        var n = entries.length;
        if (n === 0 || window.confirm(text('client.logoutUnsent', { n: n }))) logout.submit();
      });
    });
  }
})();
