// The order form's named lecturer (点名), narrowed as the form is filled in: a lecturer who does not teach the topic
// chosen, speak the language or give the format is greyed out (each option's data-fits says what they do), and one
// already chosen who no longer fits is said so under the list, where the server would refuse the order. Without
// JavaScript every lecturer is listed and a refusal says why.
'use strict';
(function () {
  var select = document.getElementById('f-preferredLecturerId');
  if (!select) return;
  var why = document.createElement('p');
  why.className = 'field-why';
  why.id = 'why-preferredLecturerId';
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
    Array.prototype.forEach.call(select.querySelectorAll('option[data-fits]'), function (option) {
      option.disabled = !fits(option, topic, language, format);
    });
    var unfit = select.selectedOptions.length > 0 && select.selectedOptions[0].disabled;
    why.hidden = !unfit;
    why.textContent = unfit ? window.pageText('client.namedUnfit') : '';
    if (unfit) {
      select.setAttribute('aria-invalid', 'true');
      select.setAttribute('aria-describedby', why.id);
    } else if (select.getAttribute('aria-describedby') === why.id) {
      select.removeAttribute('aria-invalid');
      select.removeAttribute('aria-describedby');
    }
  }
  ['f-topic', 'f-language', 'f-format', 'f-preferredLecturerId'].forEach(function (id) {
    var field = document.getElementById(id);
    if (field) field.addEventListener('change', narrow);
  });
  narrow();
})();
