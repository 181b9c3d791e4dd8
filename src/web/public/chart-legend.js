// How many lines a plain ECharts legend takes for `texts` in `width` px, so a chart's box can be made to hold it
// (the dashboard's donuts and the tour map on a phone, where a paged legend hid entries).
'use strict';
(function () {
  var measure = document.createElement('canvas').getContext('2d');
  window.chartLegendLines = function (texts, width) {
    measure.font = '12px ' + window.getComputedStyle(document.body).fontFamily;
    var lines = 1;
    var used = 0;
    texts.forEach(function (t) {
      var item = 25 + 5 + Math.ceil(measure.measureText(t).width); // ECharts' legend: the swatch, a gap, the text
      if (used > 0 && used + 10 + item > width) {
        lines += 1;
        used = 0;
      }
      used += (used > 0 ? 10 : 0) + item;
    });
    return lines;
  };
})();
