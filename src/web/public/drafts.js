// What a person types into a form is kept in the browser until the server has taken it: a report's
// summary, a reason, a comment. A refused post (the page comes back with `error=`) finds its form filled
// in again; a page left before sending (another page opened, the tab reloaded or closed by the phone)
// finds it again too, with a line saying so and a button to clear it. A post that went through (`done=`)
// forgets it. Only what was changed is kept, next to what the page showed then: if the page shows
// something else now (saved since, elsewhere), that field is not overwritten. Passwords are never kept.
// Drafts live a day; logging out clears them with the rest of the site's storage (Clear-Site-Data).
'use strict';
(function () {
  var PREFIX = 'draft ';
  var KEPT_MS = 24 * 3600 * 1000;
  var KEPT_TYPES = /^(text|number|tel|email|url|search|date|time|datetime-local|textarea|select-one|radio)$/;
  var NOTICE_PARAMS = ['done', 'error', 'field'];
  var query = new URLSearchParams(location.search);
  var refused = query.has('error');
  var done = query.has('done');
  forgetNotice();
  var store;
  try {
    store = window.localStorage;
    store.getItem(PREFIX);
  } catch (e) {
    return; // storage refused (private mode): the form works as without this script
  }
  var text = window.pageText; // the page's texts, in its language (page-texts.js)
  // This script keeps what is typed: a form need not ask the server to show a refused post again as typed.
  document.querySelectorAll('input[name="typedBack"]').forEach(function (input) {
    input.remove();
  });

  // A notice is shown once: the address loses it, so that Back to this page later, or a reload, shows the page as it
  // is then, not a refusal since put right (a form sent again) or thanks for something long done.
  function forgetNotice() {
    var url = new URL(location.href);
    var had = NOTICE_PARAMS.filter(function (name) {
      return url.searchParams.has(name);
    });
    if (had.length === 0 || !window.history.replaceState) return;
    had.forEach(function (name) {
      url.searchParams.delete(name);
    });
    window.history.replaceState(window.history.state, '', url.pathname + url.search + url.hash);
  }

  // By page and form, and by what the form is of where one form serves several things (data-draft-of: an order's course).
  function keyOf(form) {
    var of = form.getAttribute('data-draft-of');
    return PREFIX + location.pathname + ' ' + new URL(form.action, location.href).pathname + (of ? ' ' + of : '');
  }
  function keptFields(form) {
    return Array.prototype.filter.call(form.elements, function (input) {
      return input.name && KEPT_TYPES.test(input.type) && !input.readOnly && !input.disabled;
    });
  }
  // A group of radio buttons (a rating's stars) is one field: the value of the one chosen, '' while none is.
  function groupValue(input, property) {
    var chosen = Array.prototype.filter.call(input.form.elements, function (other) {
      return other.type === 'radio' && other.name === input.name && other[property];
    })[0];
    return chosen ? chosen.value : '';
  }
  function currentValue(input) {
    return input.type === 'radio' ? groupValue(input, 'checked') : input.value;
  }
  function shownValue(input) {
    if (input.type === 'radio') return groupValue(input, 'defaultChecked');
    if (input.type !== 'select-one') return input.defaultValue;
    var chosen = Array.prototype.filter.call(input.options, function (o) {
      return o.defaultSelected;
    })[0];
    return chosen ? chosen.value : input.options.length > 0 ? input.options[0].value : '';
  }
  function read(key) {
    try {
      var draft = JSON.parse(store.getItem(key));
      if (draft && Date.now() - draft.at < KEPT_MS) return draft;
    } catch (e) {
      // not a draft of this script's: dropped below
    }
    store.removeItem(key);
    return null;
  }
  // Photos chosen when it was sent: a browser cannot put them back, so the person is told to choose them again.
  function photosChosen(form) {
    return Array.prototype.reduce.call(
      form.querySelectorAll('input[type="file"]'),
      function (n, input) {
        return n + (input.files ? input.files.length : 0);
      },
      0,
    );
  }
  function save(form, sent) {
    var changed = {};
    var any = false;
    keptFields(form).forEach(function (input) {
      if (currentValue(input) !== shownValue(input)) {
        changed[input.name] = { value: currentValue(input), shown: shownValue(input) };
        any = true;
      }
    });
    var photos = sent ? photosChosen(form) : 0;
    if (any) store.setItem(keyOf(form), JSON.stringify({ at: Date.now(), sent: sent, fields: changed, photos: photos }));
    else store.removeItem(keyOf(form));
  }
  function restore(form, draft) {
    var restored = false;
    keptFields(form).forEach(function (input) {
      var field = draft.fields[input.name];
      if (field && currentValue(input) === field.shown && shownValue(input) === field.shown) {
        if (input.type === 'radio') input.checked = input.value === field.value;
        else input.value = field.value;
        restored = true;
      }
    });
    return restored;
  }
  function restoredNote(form, photos) {
    var note = document.createElement('p');
    note.className = 'draft-note';
    note.setAttribute('role', 'status');
    var again = photos > 0 ? text('client.draftPhotos', { n: photos }) : '';
    note.textContent = text('client.draftRestored') + again + ' ';
    var clear = document.createElement('button');
    clear.type = 'button';
    clear.className = 'link';
    clear.textContent = text('client.draftClear');
    clear.addEventListener('click', function () {
      store.removeItem(keyOf(form));
      form.reset();
      note.remove();
    });
    note.append(clear);
    form.insertBefore(note, form.firstChild);
  }

  // Drafts past their day go, and after a post that went through (`done=`, on whichever page it led to)
  // so do the sent ones: a person sends one form at a time, and a refused one is unsent again once restored.
  Object.keys(store)
    .filter(function (key) {
      return key.indexOf(PREFIX) === 0;
    })
    .forEach(function (key) {
      var draft = read(key);
      if (draft && draft.sent && done) store.removeItem(key);
    });

  document.querySelectorAll('form[method="post"]').forEach(function (form) {
    // A login or password form: nothing of it is kept.
    if (keptFields(form).length === 0 || form.querySelector('input[type="password"]')) return;
    var key = keyOf(form);
    var draft = read(key);
    if (draft && (!draft.sent || refused) && restore(form, draft)) {
      restoredNote(form, refused ? draft.photos || 0 : 0);
      save(form, false);
      // A form folded away (a cancel panel) is opened: what was restored is seen, not hidden under its summary.
      for (var fold = form.closest('details'); fold; fold = fold.parentElement.closest('details')) fold.open = true;
    }
    form.addEventListener('input', function () {
      save(form, false);
    });
    form.addEventListener('change', function () {
      save(form, false);
    });
    form.addEventListener('submit', function () {
      save(form, true);
    });
  });
})();
