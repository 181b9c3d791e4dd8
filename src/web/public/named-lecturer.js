// The order form's named lecturer (点名), narrowed as the form is filled in: a lecturer who does not teach the topic
// chosen, speak the language or give the format is greyed out (each option's data-fits says what they do), and one
// already chosen who no longer fits is said so under the list, where the server would refuse the order. The chosen
// one is never greyed out: a disabled option is not sent, and the order would go without the name, unsaid. Without
// JavaScript every lecturer is listed and a refusal says why.
'use strict';
(function () {
  var select = document.getElementById('f-preferredLecturerId');
  if (!select) return;
  var why = document.createElement('p');
  why.className = 'field-why';
  why.id = 'unfit-preferredLecturerId';
  why.hidden = true;
  (select.closest('.field') || select.parentElement).appendChild(why);

  function chosen(id) {
    var field = document.getElementById(id);
    return field ? field.value : '';
  }
  function fits(option, topic, language, format) {
    var does = JSON.parse(option.getAttribute('data-fits'));
    return (
      (!topic || does.topics.indexOf(topic) >= 0) &&
      (!language || does.languages.indexOf(language) >= 0) &&
      (!format || does.formats.indexOf(format) >= 0)
    );
  }
  function narrow() {
    // A menu order's topic is its course's, whose lecturers these are: only a custom order's topic field narrows.
    var topic = chosen('f-topic');
    var language = chosen('f-language');
    var format = chosen('f-format');
    var unfit = false;
    Array.prototype.forEach.call(select.querySelectorAll('option[data-fits]'), function (option) {
      var fit = fits(option, topic, language, format);
      option.disabled = !fit && !option.selected;
      if (!fit && option.selected) unfit = true;
    });
    why.hidden = !unfit;
    why.textContent = unfit ? window.pageText('client.namedUnfit') : '';
    window.describedBy(select, why.id, unfit);
    if (unfit) select.setAttribute('aria-invalid', 'true');
    // A mark of its own only: one the server's refusal set (fields.js) stays until the field is changed.
    else if (select.getAttribute('data-unfit-marked') === 'true') select.removeAttribute('aria-invalid');
    select.setAttribute('data-unfit-marked', unfit ? 'true' : 'false');
  }
  ['f-topic', 'f-language', 'f-format', 'f-preferredLecturerId'].forEach(function (id) {
    var field = document.getElementById(id);
    if (field) field.addEventListener('change', narrow);
  });
  narrow();
})();
