// A refused form's fields are marked where they are: the notice names them (data-fields, by their form names),
// each such field gets aria-invalid (red, and read out as invalid), the reason the notice gives for it is shown
// under it too (on a phone the notice is a screen away from the field focused), the first is focused, and a
// field's mark goes as soon as it is changed; a folded panel holding one is opened. Without JavaScript the notice
// still names them.
'use strict';
// Adds or removes one id of a field's aria-describedby, keeping any other (named-lecturer.js, loaded after, uses it too).
window.describedBy = function (field, id, add) {
  var ids = (field.getAttribute('aria-describedby') || '').split(' ').filter(function (other) {
    return other && other !== id;
  });
  if (add) ids.push(id);
  if (ids.length > 0) field.setAttribute('aria-describedby', ids.join(' '));
  else field.removeAttribute('aria-describedby');
};
(function () {
  var describedBy = window.describedBy;
  var notice = document.querySelector('.notice-error[data-fields]');
  if (!notice) return;
  var marked = [];
  var fieldNames = notice.getAttribute('data-fields').split(' ');
  // A notice naming one field and no line of reasons says it in its message (dates the wrong way round).
  var soleReason = fieldNames.length === 1 && !notice.querySelector('li[data-field]') ? notice.querySelector('p') : null;
  fieldNames.forEach(function (name) {
    var why = reasonBeside(name);
    document.querySelectorAll('main form [name="' + name + '"]').forEach(function (field) {
      if (field.type === 'hidden') return;
      field.setAttribute('aria-invalid', 'true');
      if (why) describedBy(field, why.id, true);
      marked.push(field);
      field.addEventListener('input', function () {
        field.removeAttribute('aria-invalid');
        if (!why) return;
        why.remove();
        describedBy(field, why.id, false);
      });
    });
  });

  // The notice's line for this field, copied under the field's first control (after its .field box, label and
  // all), or the notice's message where that is its only reason; null where the notice says no reason for it
  // (listed under 请检查 only).
  function reasonBeside(name) {
    var line = soleReason || notice.querySelector('li[data-field="' + name + '"]');
    var first = document.querySelector('main form [name="' + name + '"]:not([type="hidden"])');
    if (!line || !first) return null;
    var why = document.createElement('p');
    why.className = 'field-why';
    why.id = 'why-' + name;
    why.textContent = line.textContent;
    var box = first.closest('.field');
    if (box) box.appendChild(why);
    else first.insertAdjacentElement('afterend', why);
    return why;
  }
  // A form folded away (a cancel panel) is opened when the fields named are all in it and none is in sight: the
  // field to fix is seen, not hidden under its summary. Two folded forms with a field of that name (reject and
  // cancel, each with its reason): which one was sent is not known, so neither is opened.
  var folds = marked.map(function (field) {
    return field.closest('details:not([open])');
  });
  if (
    folds.length > 0 &&
    folds[0] !== null &&
    folds.every(function (fold) {
      return fold === folds[0];
    })
  ) {
    for (var fold = folds[0]; fold; fold = fold.parentElement.closest('details')) fold.open = true;
  }
  if (marked.length > 0) marked[0].focus({ preventScroll: false });
})();

// A text box with a limit (maxlength) counts what it holds once the text nears the limit: the browser cuts a paste
// beyond it without a word, and the count at its limit says so.
(function () {
  var NEAR = 0.8;
  document.querySelectorAll('main form textarea[maxlength]').forEach(function (box) {
    var max = Number(box.getAttribute('maxlength'));
    var count = document.createElement('p');
    count.className = 'field-count';
    count.setAttribute('aria-live', 'polite');
    box.insertAdjacentElement('afterend', count);
    function show() {
      var used = box.value.length;
      count.hidden = used < max * NEAR;
      count.classList.toggle('at-limit', used >= max);
      count.textContent = window.pageText('client.length', { n: used, max: max });
    }
    box.addEventListener('input', show);
    show();
  });
})();
