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

  // A donut in a wide box names its slices beside the ring, with lines. In a narrow one (a phone's, ~310 px) those
  // names do not fit: ECharts cut them ("先进…") or left a line with no text. There the ring stands alone and a legend
  // below it, wrapped over as many lines as it takes, names every slice with its figure; the box grows to hold it.
  var PIE_LABELS_FROM = 480; // px of box width
  function pieOption(el, rows) {
    var slices = rows.map(function (r) {
      return { name: r.label, value: r.lectures };
    });
    var option = {
      tooltip: { trigger: 'item', formatter: text('admin.client.pieTooltip') },
      legend: { type: 'scroll', bottom: 0 },
      series: [{ type: 'pie', radius: ['35%', '62%'], center: ['50%', '44%'], data: slices, label: { formatter: '{b}\n{c}' } }],
    };
    el.style.height = '';
    var width = el.clientWidth;
    if (width >= PIE_LABELS_FROM) return option;
    var figures = {};
    slices.forEach(function (s) {
      figures[s.name] = s.name + ' ' + s.value;
    });
    var named = function (name) {
      return figures[name] === undefined ? name : figures[name];
    };
    // The legend's width is the box less a margin each side (ECharts' legend starts 5 px in).
    var legendHeight =
      window.chartLegendLines(
        slices.map(function (s) {
          return named(s.name);
        }),
        width - 20,
      ) * 24;
    var ring = Math.max(120, Math.min(width - 40, 220));
    el.style.height = ring + 20 + legendHeight + 10 + 'px';
    option.legend = { type: 'plain', bottom: 5, left: 'center', itemGap: 10, formatter: named };
    Object.assign(option.series[0], {
      radius: [Math.round(ring * 0.3), Math.round(ring / 2)],
      center: ['50%', 10 + ring / 2],
      label: { show: false },
      labelLine: { show: false },
    });
    return option;
  }
  var pies = [];
  function pie(id, rows) {
    var el = document.getElementById(id);
    if (!el) return;
    draw(id, pieOption(el, rows));
    pies.push({ chart: charts[charts.length - 1], el: el, rows: rows });
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
  // The figures of one banner (a banner admin's, or a banner opened from the city's map): its parts are townships,
  // which have no outline; the banner itself is shaded and the map zoomed to it.
  var oneBanner = data.root && data.root.level === 'banner' ? data.root : null;
  var shaded = oneBanner ? [oneBanner] : data.banners;
  var bannerByName = {};
  shaded.forEach(function (b) {
    bannerByName[b.name] = b;
  });
  // [west, south, east, north] of the outlines named `name` (all of them without a name).
  function boundsOf(geoJSON, name) {
    var box = [Infinity, Infinity, -Infinity, -Infinity];
    function visit(c) {
      if (typeof c[0] === 'number') {
        box = [Math.min(box[0], c[0]), Math.min(box[1], c[1]), Math.max(box[2], c[0]), Math.max(box[3], c[1])];
      } else c.forEach(visit);
    }
    geoJSON.features.forEach(function (f) {
      if (!name || f.properties.name === name) visit(f.geometry.coordinates);
    });
    return box;
  }
  // The center and zoom that fit one banner's outline in the map's box (with a margin), or none.
  function zoomTo(name) {
    var geoJSON = outlines && (outlines.geoJSON || outlines.geoJson);
    if (!name || !geoJSON) return {};
    var all = boundsOf(geoJSON);
    var one = boundsOf(geoJSON, name);
    if (!isFinite(one[0])) return {};
    var zoom = 0.9 * Math.min((all[2] - all[0]) / (one[2] - one[0]), (all[3] - all[1]) / (one[3] - one[1]));
    return { center: [(one[0] + one[2]) / 2, (one[1] + one[3]) / 2], zoom: Math.max(1, zoom) };
  }
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
      geo: Object.assign(
        {
          map: 'hulunbuir',
          roam: false,
          // A box on all four sides: the map keeps its shape within it (by its height alone a phone cut off the west).
          top: 30,
          bottom: 40,
          left: 4,
          right: 4,
          label: { show: !narrow, fontSize: 10, color: '#333' },
          itemStyle: { borderColor: '#fff', borderWidth: 1, areaColor: '#eee' },
          emphasis: { label: { show: true }, itemStyle: { areaColor: '#ffe082' } },
        },
        zoomTo(oneBanner && oneBanner.name),
      ),
      series: [
        {
          name: text('admin.client.rate'),
          type: 'map',
          geoIndex: 0,
          data: shaded.map(function (b) {
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
    // A donut whose box crossed the width for labels is laid out anew (its box's height too) before resizing.
    pies.forEach(function (p) {
      p.chart.setOption(Object.assign({ animation: false, textStyle: { fontFamily: 'inherit' } }, pieOption(p.el, p.rows)), true);
    });
    charts.forEach(function (c) {
      c.resize();
    });
  });
  document.documentElement.setAttribute('data-charts', String(charts.length));
})();
