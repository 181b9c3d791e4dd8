// The tours of a scheduling run on the city map: each lecturer's route from home through the villages, day by day,
// and back. Hulunbuir's banners come from hulunbuir-banners.js; without them the routes stand on bare coordinates.
// The list under the map says the same in words (stops, legs, km), for screen readers and pages without JavaScript.
'use strict';
(function () {
  var source = document.getElementById('tour-map-data');
  var el = document.getElementById('tour-map');
  if (!source || !el || typeof echarts === 'undefined') return;
  var tours = JSON.parse(source.textContent);
  var COLORS = ['#c62828', '#1565c0', '#2e7d32', '#ef6c00', '#6a1b9a', '#00838f', '#ad1457', '#4e342e'];
  var narrow = window.matchMedia('(max-width: 600px)').matches;

  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, function (c) {
      return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c];
    });
  }

  function samePlace(a, b) {
    return a.value[0] === b.value[0] && a.value[1] === b.value[1];
  }
  // A stop of tour i (its k-th, from 0) as a point: its number in value[2]. A later stop at the place of an earlier
  // one shows neither mark nor label of its own; the first stop there is labelled with all their numbers.
  function stopPoint(tour, stop, k, i) {
    var point = { name: stop.name, value: stop.value.concat([k + 1]) };
    var first = tour.stops.findIndex(function (s) {
      return samePlace(s, stop);
    });
    if (first < k) {
      // Unseen (it would cover the first one's label), still there for its tooltip.
      Object.assign(point, { label: { show: false }, itemStyle: { opacity: 0 } });
      return point;
    }
    var numbers = [];
    tour.stops.forEach(function (s, n) {
      if (samePlace(s, stop)) numbers.push(n + 1);
    });
    if (numbers.length === 1) return point;
    var text = numbers.join('·');
    point.label = { formatter: narrow ? text : String(i + 1) + '-' + text };
    // On a phone the numbers stay inside the mark, which widens into a pill to hold them.
    if (narrow) Object.assign(point, { symbol: 'roundRect', symbolSize: [9 + 7 * text.length, 17] });
    return point;
  }

  var outlines = typeof echarts.getMap === 'function' && echarts.getMap('hulunbuir');
  var onMap = outlines ? { coordinateSystem: 'geo' } : { coordinateSystem: 'cartesian2d' };
  var series = [];
  tours.forEach(function (tour, i) {
    var color = COLORS[i % COLORS.length];
    var route = [tour.home.value].concat(
      tour.stops.map(function (s) {
        return s.value;
      }),
      [tour.home.value],
    );
    series.push(
      Object.assign(
        {
          name: tour.name,
          type: 'lines',
          polyline: true,
          lineStyle: { color: color, width: 2, opacity: 0.85 },
          data: [{ name: tour.name, coords: route }],
        },
        onMap,
      ),
      Object.assign(
        {
          name: tour.name,
          type: 'scatter',
          // The stop's place in its tour: beside the dot ("2-3": tour 2, stop 3) on a wide map; on a phone's, where the
          // banners' names are left out and such labels would crowd, the stop's number inside a larger dot of its
          // tour's colour. Stops at one place (days in a row at one branch) share one label, "1·2·3".
          symbolSize: narrow ? 17 : 9,
          itemStyle: { color: color, borderColor: '#fff', borderWidth: 1 },
          label: narrow
            ? { show: true, formatter: '{@[2]}', position: 'inside', fontSize: 11, fontWeight: 'bold', color: '#fff' }
            : { show: true, formatter: String(i + 1) + '-{@[2]}', position: 'right', fontSize: 10, color: color },
          data: tour.stops.map(function (s, k) {
            return stopPoint(tour, s, k, i);
          }),
        },
        onMap,
      ),
      Object.assign(
        {
          name: tour.name,
          type: 'scatter',
          symbol: 'rect',
          symbolSize: 10,
          itemStyle: { color: '#fff', borderColor: color, borderWidth: 2 },
          data: [{ name: tour.home.name, value: tour.home.value }],
        },
        onMap,
      ),
    );
  });

  function tip(p) {
    var tour = tours[Math.floor(p.seriesIndex / 3)];
    var head = escapeHtml(tour.name);
    return p.seriesType === 'lines' ? head + '<br>' + escapeHtml(tour.summary) : head + '<br>' + escapeHtml(p.name);
  }
  var names = tours.map(function (t) {
    return t.name;
  });
  // On a phone every tour's name shows (a paged legend hid the third one), over as many lines as it takes.
  var legendHeight = 24;
  if (narrow) legendHeight = window.chartLegendLines(names, el.clientWidth - 20) * 24;
  var option = {
    tooltip: { trigger: 'item', confine: true, formatter: tip },
    legend: narrow ? { type: 'plain', top: 0, left: 'center', itemGap: 10, data: names } : { type: 'scroll', top: 0, data: names },
    series: series,
  };
  if (outlines) {
    // The whole city, fitted into the box at its own aspect (a phone's narrow box too), below the legend; not
    // draggable, so that a finger on the map still scrolls the page.
    var below = el.clientHeight - legendHeight;
    option.geo = {
      map: 'hulunbuir',
      roam: false,
      layoutCenter: narrow ? ['50%', legendHeight + below / 2] : ['50%', '54%'],
      layoutSize: narrow ? Math.min(el.clientWidth * 0.9, below - 8) : '90%',
      label: { show: !narrow, fontSize: 10, color: '#666' },
      itemStyle: { borderColor: '#fff', borderWidth: 1, areaColor: '#eceff1' },
      emphasis: { disabled: true },
    };
  } else {
    var axis = function (name) {
      return { type: 'value', scale: true, name: name, axisLabel: { formatter: '{value}°' }, splitLine: { lineStyle: { color: '#eee' } } };
    };
    option.grid = { left: 46, right: 16, top: 34, bottom: 30 };
    option.xAxis = axis(window.pageText('admin.client.longitude'));
    option.yAxis = axis(window.pageText('admin.client.latitude'));
  }
  var chart = echarts.init(el, null, { renderer: 'canvas' });
  chart.setOption(option);
  window.addEventListener('resize', function () {
    chart.resize();
  });
  document.documentElement.setAttribute('data-tour-map', String(tours.length));
})();
