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
          symbolSize: 9,
          itemStyle: { color: color, borderColor: '#fff', borderWidth: 1 },
          label: { show: !narrow, formatter: String(i + 1) + '-{@[2]}', position: 'right', fontSize: 10, color: color },
          data: tour.stops.map(function (s, k) {
            return { name: s.name, value: s.value.concat([k + 1]) };
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
  var option = {
    tooltip: { trigger: 'item', confine: true, formatter: tip },
    legend: {
      type: 'scroll',
      top: 0,
      data: tours.map(function (t) {
        return t.name;
      }),
    },
    series: series,
  };
  if (outlines) {
    // The whole city, fitted into the box at its own aspect (a phone's narrow box too), below the legend; not
    // draggable, so that a finger on the map still scrolls the page.
    option.geo = {
      map: 'hulunbuir',
      roam: false,
      layoutCenter: ['50%', '54%'],
      layoutSize: '90%',
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
