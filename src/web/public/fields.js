// A refused form's fields are marked where they are: the notice names them (data-fields, by their form names),
// each such field gets aria-invalid (red, and read out as invalid), the first is focused, and a field's mark
// goes as soon as it is changed; a folded panel holding one is opened. Without JavaScript the notice still names them.
'use strict';
(function () {
  var notice = document.querySelector('.notice-error[data-fields]');
  if (!notice) return;
  var marked = [];
  notice
    .getAttribute('data-fields')
    .split(' ')
    .forEach(function (name) {
      document.querySelectorAll('main form [name="' + name + '"]').forEach(function (field) {
        if (field.type === 'hidden') return;
        field.setAttribute('aria-invalid', 'true');
        marked.push(field);
        field.addEventListener('input', function () {
          field.removeAttribute('aria-invalid');
        });
      });
    });
  // A form folded away (a cancel panel) is opened when none of the fields named is in sight: the field to fix is
  // seen, not hidden under its summary (a field of the same name in sight is the one the notice is about).
  var folded = function (field) {
    return field.closest('details:not([open])') !== null;
  };
  if (marked.every(folded)) {
    marked.forEach(function (field) {
      for (var fold = field.closest('details'); fold; fold = fold.parentElement.closest('details')) fold.open = true;
    });
  }
  if (marked.length > 0) marked[0].focus({ preventScroll: false });
})();
