// The page's texts for its scripts, in its language (layout.njk's data-texts, from src/i18n). pageText(key, values)
// fills the text's `{name}` places from `values`; a place with no value stays as it is (ECharts fills {b}, {c}).
'use strict';
window.pageText = (function () {
  var texts = JSON.parse(document.body.getAttribute('data-texts') || '{}');
  return function (key, values) {
    return (texts[key] || key).replace(/\{(\w+)\}/g, function (whole, name) {
      return values && name in values ? String(values[name]) : whole;
    });
  };
})();
