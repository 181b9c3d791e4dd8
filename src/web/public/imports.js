// 检查 (a dry run) by fetch: the report comes into this page instead of a new one, so the file chosen stays
// chosen and 导入 then imports the very file that was checked. 导入 itself posts plainly (the page that comes
// back has an empty file input, which is fine after an import). Without JavaScript both post plainly and the
// report comes back on a new page (the file to be chosen again). Anything but this page in answer (a login page
// after a redirect, a refused form) is left to the plain post, so the browser goes where it would have gone.
'use strict';
(function () {
  var pageText = window.pageText; // the page's texts (page-texts.js)
  var form = document.querySelector('form[data-import-form]');
  if (!form || !window.fetch || !window.FormData || !window.DOMParser) return;
  var check = form.querySelector('button[name="mode"][value="check"]');
  var buttons = form.querySelectorAll('button[type="submit"]');
  var status = form.querySelector('[data-import-status]');
  var label = check.textContent;
  var plain = false; // the next 检查 posts as without this script
  var busy = false;

  // Both buttons wait while the file is read: no second check, no import of a file half checked.
  function setBusy(on) {
    busy = on;
    form.setAttribute('aria-busy', on ? 'true' : 'false');
    buttons.forEach(function (button) {
      button.disabled = on;
    });
    check.textContent = on ? pageText('admin.client.checking') : label;
  }

  function plainSubmit() {
    plain = true;
    try {
      check.click();
    } finally {
      plain = false;
    }
  }

  // The server's answer as a document when it is this page again (a report, or the notice of a refused file).
  function importPage(html) {
    var doc = new DOMParser().parseFromString(html, 'text/html');
    return doc.querySelector('form[data-import-form]') ? doc : null;
  }

  // The answer's notice and report in place of this page's; the form (and the file in it) stays as it is.
  function show(doc) {
    var main = document.querySelector('main');
    main.querySelectorAll(':scope > .notice').forEach(function (old) {
      old.remove();
    });
    var notice = doc.querySelector('main > .notice');
    if (notice) {
      notice = document.importNode(notice, true);
      main.insertBefore(notice, main.firstChild);
    }
    var old = document.getElementById('report');
    var report = doc.getElementById('report');
    if (report) {
      report = document.importNode(report, true);
      if (old) old.replaceWith(report);
      else form.closest('section').after(report);
    } else if (old) {
      old.remove();
    }
    // The form token the answer's page carries goes with the cookie that came with it.
    var token = doc.querySelector('form[data-import-form] input[name="_csrf"]');
    var field = form.querySelector('input[name="_csrf"]');
    if (token && field) field.value = token.value;
    var target = report || notice;
    if (target) {
      target.setAttribute('tabindex', '-1');
      target.focus({ preventScroll: true });
      target.scrollIntoView({ block: 'start' });
    }
  }

  form.addEventListener('submit', function (event) {
    // 导入, or a browser that does not say which button was pressed: the plain post.
    if (plain || event.submitter !== check) return;
    event.preventDefault();
    if (busy) return;
    var body = new FormData(form);
    body.set('mode', 'check');
    status.hidden = true;
    status.textContent = '';
    setBusy(true);
    fetch(form.action, { method: 'POST', body: body, credentials: 'same-origin' })
      .then(function (response) {
        var html = (response.headers.get('content-type') || '').indexOf('text/html') === 0;
        if (response.redirected || !html) return null;
        return response.text().then(importPage);
      })
      .then(
        function (doc) {
          setBusy(false);
          if (doc) show(doc);
          else plainSubmit();
        },
        // No answer, or one cut off: the form as it was, the file still chosen, and what to do.
        function () {
          setBusy(false);
          status.textContent = pageText('admin.client.offline');
          status.hidden = false;
          status.scrollIntoView({ block: 'nearest' });
        },
      );
  });
})();
