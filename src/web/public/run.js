// Scheduling runs: post by fetch and show a moving bar and the elapsed time while the solver works.
// Without JavaScript the form posts plainly and the browser shows its own loading indicator.
'use strict';
var pageText = window.pageText; // the page's texts (page-texts.js)
// The fields to check, after a refusal's message.
function checkFields(fields) {
  return pageText('common.paren', { x: pageText('common.check', { fields: fields.join(pageText('common.listSep')) }) });
}
document.querySelectorAll('form[data-run-form]').forEach(function (form) {
  form.addEventListener('submit', function (event) {
    event.preventDefault();
    // A real dispatch sends offers to lecturers at once: asked once more, with how many.
    if (form.dataset.confirm && !window.confirm(form.dataset.confirm)) return;
    var box = form.querySelector('[data-run-progress]');
    var bar = box.querySelector('progress');
    var status = box.querySelector('[data-run-status]');
    var elapsed = box.querySelector('[data-run-elapsed]');
    var button = form.querySelector('button[type="submit"]');
    var started = performance.now();
    button.disabled = true;
    box.hidden = false;
    bar.hidden = false;
    status.textContent = pageText('admin.client.computing');
    // The server says nothing until it is done: the bar creeps towards 95 % and the clock is the honest part.
    var timer = setInterval(function () {
      var seconds = (performance.now() - started) / 1000;
      elapsed.textContent = pageText('admin.client.seconds', { n: seconds.toFixed(1) });
      bar.value = 95 * (1 - Math.exp(-seconds / 3));
    }, 100);
    fetch(form.action, {
      method: 'POST',
      body: new URLSearchParams(new FormData(form)),
      headers: { 'X-Requested-With': 'fetch', Accept: 'application/json' },
      credentials: 'same-origin',
    })
      .then(function (response) {
        var json = (response.headers.get('content-type') || '').indexOf('application/json') === 0;
        // Anything else (an expired session, a refused form) is a page: let the plain post show it.
        if (!json) return form.submit();
        return response.json().then(function (data) {
          // A refusal names the fields to fix, as the page's own notice would (请检查：…).
          if (!response.ok) throw new Error(data.message + (data.fields && data.fields.length ? checkFields(data.fields) : ''));
          bar.value = 100;
          status.textContent = pageText('admin.client.opening');
          window.location.assign(data.location);
        });
      })
      .catch(function (error) {
        status.textContent = (error && error.message) || pageText('admin.client.offline');
        // Nothing is computing any more: no bar, no clock, only what to do.
        bar.hidden = true;
        elapsed.textContent = '';
        button.disabled = false;
      })
      .finally(function () {
        clearInterval(timer);
      });
  });
});
