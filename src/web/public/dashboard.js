// The coverage dashboard's charts (Apache ECharts, served by the app). The figures come from the page
// itself (a JSON block the server rendered), so the charts need no second request; the tables beside
// them carry the same figures for anyone without JavaScript.
'use strict';
(function () {
  var source = document.getElementById('dashboard-data');
  if (!source || typeof echarts === 'undefined') return;
  var text = window.pageText; // the page's texts (page-texts.js)
  var data = JSON.parse(source.textContent);
  var RED = '#b71c1c';
  var GREEN = '#2e7d32';
  var charts = [];

  function draw(id, option) {
    var el = document.getElementById(id);
    if (!el) return;
    var chart = echarts.init(el, null, { renderer: 'canvas' });
    chart.setOption(Object.assign({ animation: false, textStyle: { fontFamily: 'inherit' } }, option));
    charts.push(chart);
  }

  var narrow = window.innerWidth < 720;

  // Tooltips are HTML: names that admins typed (regions, branches) go in as text, never as markup.
  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, function (c) {
      return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c];
    });
  }
  // A banner's figures for its tooltips: branches reached, then lectures given.
  function bannerFigures(b) {
    return (
      text('admin.client.bannerReached', { reached: b.reached, branches: b.branches, percent: b.percent }) +
      '<br>' +
      text('admin.client.bannerLectures', { n: b.lectures })
    );
  }

  draw('chart-months', {
    tooltip: { trigger: 'axis' },
    grid: { left: 40, right: 16, top: 30, bottom: 30 },
    xAxis: {
      type: 'category',
      data: data.months.map(function (m) {
        return m.label;
      }),
    },
    yAxis: { type: 'value', name: text('admin.client.lectures'), minInterval: 1 },
    series: [
      {
        name: text('admin.client.lecturesGiven'),
        type: 'bar',
        data: data.months.map(function (m) {
          return m.lectures;
        }),
        itemStyle: { color: RED },
      },
    ],
  });

  draw('chart-banners', {
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: function (items) {
        var b = data.banners[items[0].dataIndex];
        var name = escapeHtml(b.name);
        return name + '<br>' + bannerFigures(b);
      },
    },
    grid: { left: narrow ? 90 : 150, right: 40, top: 10, bottom: 30 },
    xAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
    yAxis: {
      type: 'category',
      inverse: true,
      data: data.banners.map(function (b) {
        return b.name;
      }),
      axisLabel: { width: narrow ? 80 : 140, overflow: 'truncate' },
    },
    series: [
      {
        type: 'bar',
        data: data.banners.map(function (b) {
          return b.percent;
        }),
        itemStyle: { color: GREEN },
        label: { show: true, position: 'right', formatter: '{c}%' },
      },
    ],
  });

  function pie(id, rows) {
    draw(id, {
      tooltip: { trigger: 'item', formatter: text('admin.client.pieTooltip') },
      legend: { type: 'scroll', bottom: 0 },
      series: [
        {
          type: 'pie',
          radius: ['35%', '62%'],
          center: ['50%', '44%'],
          data: rows.map(function (r) {
            return { name: r.label, value: r.lectures };
          }),
          label: { formatter: '{b}\n{c}' },
        },
      ],
    });
  }
  pie('chart-categories', data.categories);
  pie('chart-levels', data.levels);

  // Branches where they are: green reached, red not reached; a triangle on the border, a diamond in pastoral areas.
  function symbolOf(b) {
    return b.border ? 'triangle' : b.remote ? 'diamond' : 'circle';
  }
  function points(reached) {
    return data.branches
      .filter(function (b) {
        return b.reached === reached;
      })
      .map(function (b) {
        return { name: b.name, value: [b.lon, b.lat], symbol: symbolOf(b), place: b.place, border: b.border, remote: b.remote };
      });
  }
  // Hulunbuir's banners (registered by hulunbuir-banners.js) shaded by coverage, the branches on them; a
  // click on a banner opens its figures. Without the outlines, the branches on bare coordinates.
  var outlines = typeof echarts.getMap === 'function' && echarts.getMap('hulunbuir');
  var onMap = outlines ? { coordinateSystem: 'geo' } : {};
  var branchSeries = [
    Object.assign(
      { name: text('admin.client.reached'), type: 'scatter', symbolSize: 9, itemStyle: { color: GREEN, opacity: 0.8 }, data: points(true) },
      onMap,
    ),
    Object.assign(
      {
        name: text('admin.client.unreached'),
        type: 'scatter',
        symbolSize: 11,
        itemStyle: { color: RED, borderColor: '#fff', borderWidth: 1 },
        data: points(false),
      },
      onMap,
    ),
  ];
  function branchTip(p) {
    var marks = (p.data.border ? ' · ' + text('place.border') : '') + (p.data.remote ? ' · ' + text('place.remote') : '');
    return escapeHtml(p.data.name) + '<br>' + escapeHtml(p.data.place) + marks + '<br>' + escapeHtml(p.seriesName);
  }
  var bannerByName = {};
  data.banners.forEach(function (b) {
    bannerByName[b.name] = b;
  });
  function bannerTip(name) {
    var b = bannerByName[name];
    if (!b) return escapeHtml(name);
    return escapeHtml(b.name) + '<br>' + bannerFigures(b);
  }
  if (outlines) {
    draw('chart-map', {
      tooltip: {
        trigger: 'item',
        formatter: function (p) {
          return p.seriesType === 'scatter' ? branchTip(p) : bannerTip(p.name);
        },
      },
      legend: { data: [text('admin.client.reached'), text('admin.client.unreached')], top: 0 },
      visualMap: {
        min: 0,
        max: 100,
        seriesIndex: 0,
        orient: 'horizontal',
        left: 'center',
        bottom: 0,
        itemHeight: narrow ? 100 : 160,
        text: ['100%', text('admin.client.rateFrom')],
        inRange: { color: ['#fbe9e7', '#a5d6a7', '#2e7d32'] },
      },
      geo: {
        map: 'hulunbuir',
        roam: false,
        top: 30,
        bottom: 40,
        label: { show: !narrow, fontSize: 10, color: '#333' },
        itemStyle: { borderColor: '#fff', borderWidth: 1, areaColor: '#eee' },
        emphasis: { label: { show: true }, itemStyle: { areaColor: '#ffe082' } },
      },
      series: [
        {
          name: text('admin.client.rate'),
          type: 'map',
          geoIndex: 0,
          data: data.banners.map(function (b) {
            return { name: b.name, value: b.percent };
          }),
        },
      ].concat(branchSeries),
    });
    var map = charts[charts.length - 1];
    map.on('click', function (p) {
      var b = bannerByName[p.name];
      if (!b || p.seriesType === 'scatter') return;
      var url = new URL(window.location.href);
      url.searchParams.set('regionId', b.id);
      window.location.href = url.pathname + url.search;
    });
  } else {
    draw('chart-map', {
      tooltip: { trigger: 'item', formatter: branchTip },
      legend: { data: [text('admin.client.reached'), text('admin.client.unreached')], top: 0 },
      grid: { left: 46, right: 16, top: 34, bottom: 30 },
      xAxis: {
        type: 'value',
        scale: true,
        name: text('admin.client.longitude'),
        axisLabel: { formatter: '{value}°' },
        splitLine: { lineStyle: { color: '#eee' } },
      },
      yAxis: {
        type: 'value',
        scale: true,
        name: text('admin.client.latitude'),
        axisLabel: { formatter: '{value}°' },
        splitLine: { lineStyle: { color: '#eee' } },
      },
      series: branchSeries,
    });
  }

  window.addEventListener('resize', function () {
    charts.forEach(function (c) {
      c.resize();
    });
  });
  document.documentElement.setAttribute('data-charts', String(charts.length));
})();
