/* The map page in the browser: the address and the controls following each other, and
   the timeline. The server sends the values of every round for a selection once
   (layouts/map/timeline.py); a change of round is drawn from them here, with a Patch of
   values only (never the shapes), and asks the server for nothing. The address is read
   and written as landkort/urlstate/map.py does (defaults left out, unknown values
   ignored), from the rules the page carries in the store "map-rules". */
(function () {
  "use strict";

  var CONTROLS = ["maal", "opgave", "gruppe", "region", "kommune", "form"];
  var shown = { key: null, painted: null };  // the selection and round the map shows
  var latest = null;  // the rounds' values the page holds (map-rounds)
  var parsed = {};  // JSON text -> its value, for the last two texts (map-rounds and -now)

  /* the rounds for what the address shows now (an answer for an older selection is not) */
  function matching(rounds, selection) {
    return rounds && rounds.key === (selection || "") ? rounds : null;
  }

  function usable(rounds, id) {
    return rounds && rounds.rounds && rounds.rounds[String(id)] ? rounds : null;
  }

  /* map-rounds holds the rounds as JSON text (see layouts/map/timeline.py): parse once */
  function roundsOf(data) {
    if (typeof data !== "string") return data;
    if (!(data in parsed)) {
      var keep = {};
      Object.keys(parsed).slice(-1).forEach(function (k) { keep[k] = parsed[k]; });
      keep[data] = JSON.parse(data);
      parsed = keep;
    }
    return parsed[data];
  }

  /* Recolour the map for a round straight away (plotly's restyle: values only, never
     the shapes), from the slider's own input event, before Dash has run a callback. */
  function paintRound(id) {
    if (latest && shown.key === latest.key) paint(latest, id, false);
  }

  /* plotly's restyle of the map's values (and, for a new selection, its colour scale):
     never the shapes */
  function paint(rounds, id, withColours) {
    var r = rounds.rounds[String(id)];
    var gd = document.querySelector("#map .js-plotly-plot");
    if (!r || !gd || !gd.data || (!withColours && shown.painted === id)) return;
    shown.painted = id;
    var update = {};
    var traces = r.map.map(function (_, i) { return i; });
    r.map.forEach(function (trace, i) {
      Object.keys(trace).forEach(function (key) {
        update[key] = update[key] || traces.map(function () { return undefined; });
        update[key][i] = trace[key];
      });
    });
    if (withColours) {
      Object.keys(rounds.colours).forEach(function (key) {
        update[key] = traces.map(function (i) {
          return i === 0 || (i === 1 && key !== "colorbar") ? rounds.colours[key] : undefined;
        });
      });
    }
    gd.layout.meta = Object.assign({}, gd.layout.meta,
      { image: r.image.kort, drawn: rounds.key + "@" + id });
    window.Plotly.restyle(gd, update, traces);
  }

  document.addEventListener("input", function (event) {
    if (event.target && event.target.id === "ctl-runde") paintRound(asInt(event.target.value));
  });

  /* The values of every round are fetched once a page's reader reaches for its timeline
     (a pointer over it, focus or a touch in it) or asks for a round that is not on
     screen (Back, a link): a first load that only looks at its round fetches nothing
     more. A new selection fetches them anyway (callbacks/map.py). */
  function wantRounds() {
    var timeline = document.getElementById("timeline");
    if (!timeline || timeline.landkortWanted || !window.dash_clientside.set_props) return;
    timeline.landkortWanted = true;
    window.dash_clientside.set_props("map-rounds-wanted", { data: Date.now() });
  }

  ["pointerover", "focusin", "touchstart"].forEach(function (type) {
    document.addEventListener(type, function (event) {
      var target = event.target;
      if (target && target.closest && target.closest("#timeline")) wantRounds();
    }, { capture: true, passive: true });
  });

  /* the selection and round the side panel shows: kept on the panel itself, so a new
     page starts from what the server drew into it (data-drawn, layouts/map/page.py) */
  function panelShows(key) {
    var panel = document.getElementById("map-panel");
    if (!panel) return null;
    if (key !== undefined) panel.landkortShows = key;
    return panel.landkortShows || panel.getAttribute("data-drawn");
  }

  function first(params, key) {
    var value = params.get(key);
    return value && value.trim() ? value.trim() : null;
  }

  function asInt(value) {
    var n = parseInt(value, 10);
    return isNaN(n) ? null : n;
  }

  function roundOf(kode, rules) {
    if (!kode) return null;
    var wanted = kode.toUpperCase();
    for (var id in rules.rounds) {
      if (rules.rounds[id] === wanted) return parseInt(id, 10);
    }
    return null;
  }

  function groupsOf(maal, rules) {
    return rules.measures[maal] || [];
  }

  function effectiveGroup(maal, gruppe, rules) {
    return groupsOf(maal, rules).indexOf(gruppe) >= 0 ? gruppe : null;
  }

  /* the group control's value: the group, or the measure's only group, or "" (all) */
  function groupControl(state, rules) {
    var groups = groupsOf(state.maal, rules);
    return state.gruppe || (groups.length === 1 ? groups[0] : "");
  }

  function parse(search, rules) {
    var params = new URLSearchParams((search || "").replace(/^\?/, ""));
    var maal = first(params, "maal");
    maal = rules.measures[maal] ? maal : rules.defaultMaal;
    var opgave = asInt(first(params, "opgave"));
    var region = asInt(first(params, "region"));
    var kommune = asInt(first(params, "kommune"));
    var form = first(params, "kort");
    return {
      maal: maal,
      runde: roundOf(first(params, "runde"), rules) || rules.latest,
      opgave: opgave >= 1 && opgave <= rules.opgaver ? opgave : 0,
      gruppe: effectiveGroup(maal, first(params, "gruppe"), rules),
      region: rules.regions.indexOf(region) >= 0 ? region : 0,
      kommune: rules.kommuner.indexOf(kommune) >= 0 ? kommune : null,
      form: rules.forms.indexOf(form) >= 0 ? form : rules.defaultForm
    };
  }

  function format(state, rules) {
    var out = [];
    var groups = groupsOf(state.maal, rules);
    if (state.maal !== rules.defaultMaal) out.push(["maal", state.maal]);
    if (state.runde !== rules.latest) out.push(["runde", rules.rounds[String(state.runde)]]);
    if (state.opgave) out.push(["opgave", String(state.opgave)]);
    if (state.gruppe && !(groups.length === 1 && groups[0] === state.gruppe)) {
      out.push(["gruppe", state.gruppe]);
    }
    if (state.region) out.push(["region", String(state.region)]);
    if (state.form !== rules.defaultForm) out.push(["kort", state.form]);
    if (state.kommune !== null && state.kommune !== undefined) {
      out.push(["kommune", ("000" + state.kommune).slice(-4)]);
    }
    if (!out.length) return "";
    return "?" + out.map(function (p) {
      return p[0] + "=" + encodeURIComponent(p[1]);
    }).join("&");
  }

  /* the address without the round: what the server's answers depend on */
  function selectionKey(state, rules) {
    return format(Object.assign({}, state, { runde: rules.latest }), rules);
  }

  function fromControls(runde, values, rules) {
    var maal = rules.measures[values.maal] ? values.maal : rules.defaultMaal;
    return {
      maal: maal,
      runde: asInt(runde) || rules.latest,
      opgave: asInt(values.opgave) || 0,
      gruppe: effectiveGroup(maal, values.gruppe, rules),
      region: asInt(values.region) || 0,
      kommune: values.kommune === null || values.kommune === undefined ? null : asInt(values.kommune),
      form: rules.forms.indexOf(values.form) >= 0 ? values.form : rules.defaultForm
    };
  }

  function changed(wanted, now) {
    return wanted === now ? window.dash_clientside.no_update : wanted;
  }

  function roundName(runde, rounds) {
    return (rounds && rounds.names && rounds.names[String(runde)]) || "";
  }

  function announceRound(runde, rounds) {
    var slider = document.getElementById("ctl-runde");
    var name = roundName(runde, rounds);
    if (slider && name && slider.getAttribute("aria-valuetext") !== name) {
      slider.setAttribute("aria-valuetext", name);
    }
  }

  /* one item of the top or bottom five, as the server draws it (layouts/map/panel.py) */
  function rankingItem(row, search) {
    return {
      type: "Li", namespace: "dash_html_components",
      props: { children: [
        { type: "Span", namespace: "dash_html_components",
          props: { children: row[3] + ". ", className: "text-muted" } },
        { type: "Link", namespace: "dash_core_components",
          props: { children: row[1], href: "/kommune/" + ("000" + row[0]).slice(-4) + search } },
        { type: "Span", namespace: "dash_html_components",
          props: { children: row[2], className: "float-end" } }
      ] }
    };
  }

  function rankingColumn(title, rows, search) {
    return {
      type: "Col", namespace: "dash_bootstrap_components",
      props: { md: 6, children: {
        type: "Div", namespace: "dash_html_components",
        props: { children: [
          { type: "Div", namespace: "dash_html_components",
            props: { children: title, className: "fw-semibold small" } },
          { type: "Ul", namespace: "dash_html_components",
            props: { className: "list-unstyled small mb-2",
                     children: rows.map(function (r) { return rankingItem(r, search); }) } }
        ] }
      } }
    };
  }

  window.dash_clientside = window.dash_clientside || {};
  window.dash_clientside.landkort = Object.assign(window.dash_clientside.landkort || {}, {
    /* The address and the controls, both ways, and the selection (the address without
       the round). Outputs: search, round, the six controls, selection. */
    mapAddress: function (search, runde) {
      var nu = window.dash_clientside.no_update;
      var args = Array.prototype.slice.call(arguments);
      var values = {};
      CONTROLS.forEach(function (name, i) { values[name] = args[2 + i]; });
      var selection = args[2 + CONTROLS.length];
      var rules = args[3 + CONTROLS.length];
      var ctx = window.dash_clientside.callback_context;
      var trigger = ctx.triggered.length ? ctx.triggered[0].prop_id.split(".")[0] : "map-url";
      var state;
      if (trigger === "map-url") {  // Back, Forward, a link: the controls follow
        state = parse(search, rules);
        var wanted = Object.assign({}, state, { gruppe: groupControl(state, rules) });
        return [nu, changed(state.runde, asInt(runde))]
          .concat(CONTROLS.map(function (name) {
            var now = name === "opgave" || name === "region" ? asInt(values[name]) || 0 : values[name];
            return changed(wanted[name], now === undefined ? null : now);
          }))
          .concat([changed(selectionKey(state, rules), selection)]);
      }
      state = fromControls(runde, values, rules);  // a control moved: the address follows
      var out = [changed(format(state, rules), search || ""), nu];
      CONTROLS.forEach(function (name) {
        out.push(name === "gruppe" ? changed(groupControl(state, rules), values.gruppe) : nu);
      });
      out.push(changed(selectionKey(state, rules), selection));
      return out;
    },

    /* Draw one round on the map from the rounds' values: the values only (the colour
       scale too when the selection changed), its text alternative and the round's name.
       Outputs: map figure, map text, live region, round name. */
    showRound: function (runde, all, now, selection) {
      var nu = window.dash_clientside.no_update;
      var id = asInt(runde);
      var full = matching(roundsOf(all), selection);
      var rounds = usable(full, id) || usable(matching(roundsOf(now), selection), id);
      if (!rounds) {
        wantRounds();  // a round was asked for before its values were here
        return [nu, nu, nu, nu];
      }
      var r = rounds.rounds[String(id)];
      if (full) {
        latest = full;
        window.landkortRounds = full.key;  // for tests and benchmarks: every round is here
      }
      var ctx = window.dash_clientside.callback_context;
      var moved = ctx.triggered.some(function (t) { return t.prop_id === "ctl-runde.value"; });
      var fresh = shown.key !== rounds.key;
      var gd = document.querySelector("#map .js-plotly-plot");
      var drawn = gd && gd.layout && gd.layout.meta && gd.layout.meta.drawn;
      if (fresh && drawn === rounds.key + "@" + id) {  // the page arrived drawn with it
        shown.key = rounds.key;
        shown.painted = id;
        fresh = false;
      }
      announceRound(id, rounds);
      if (r.title && document.title !== r.title) document.title = r.title;
      if (!fresh && !moved && shown.painted === id) {
        return [nu, nu, nu, nu];  // all rounds arrived for what is on screen already
      }
      // at once (if the slider's own event has not already), and a new selection too
      paint(rounds, id, fresh);
      shown.key = rounds.key;
      shown.painted = id;
      // the figure Dash keeps follows, with the very arrays plotly was given: plotly,
      // finding nothing new when Dash hands it the figure, does not draw again
      var map = new window.dash_clientside.Patch();
      r.map.forEach(function (trace, i) {
        Object.keys(trace).forEach(function (key) { map.assign(["data", i, key], trace[key]); });
      });
      if (fresh) {  // a new selection: its colour scale (the map is drawn by Dash)
        Object.keys(rounds.colours).forEach(function (key) {
          map.assign(["data", 0, key], rounds.colours[key]);
          if (key !== "colorbar") map.assign(["data", 1, key], rounds.colours[key]);
        });
      }
      map.assign(["layout", "meta", "image"], r.image.kort);
      map.assign(["layout", "meta", "drawn"], rounds.key + "@" + id);
      return [map.build(), r.summary, moved ? r.said : nu, roundName(id, rounds)];
    },

    /* The round on screen for a new selection, before all its rounds have arrived. */
    showRoundNow: function (now, runde, selection) {
      return window.dash_clientside.landkort.showRound(runde, null, now, selection);
    },

    /* The rest of the round, once the map is drawn: the pooled figure, the spread, the
       trend's marked round, top and bottom five, the table's heading. */
    showRoundPanel: function (runde, all, now, selection, rules) {
      var nu = window.dash_clientside.no_update;
      var id = asInt(runde);
      var rounds = usable(matching(roundsOf(all), selection), id) ||
        usable(matching(roundsOf(now), selection), id);
      if (!rounds) return [nu, nu, nu, nu, nu, nu, nu, nu];
      var r = rounds.rounds[String(id)];
      if (panelShows() === rounds.key + "@" + id) return [nu, nu, nu, nu, nu, nu, nu, nu];
      panelShows(rounds.key + "@" + id);
      var Patch = window.dash_clientside.Patch;
      var spread = new Patch();
      ["x", "hovertext", "customdata"].forEach(function (key) {
        spread.assign(["data", 0, key], r.spread[key]);
      });
      spread.assign(["layout", "shapes"], r.spread.shapes);
      spread.assign(["layout", "annotations"], r.spread.annotations);
      spread.assign(["layout", "meta", "image"], r.image.spredning);
      var trend = new Patch();
      trend.assign(["data", 2, "marker", "size"], rounds.trend.map(function (kode) {
        return kode === r.kode ? 10 : 6;
      }));
      var state = parse(rounds.key, rules);
      state.runde = id;
      var query = format(state, rules);
      [["selected-kommune-text", r.selected], ["map-kommuner-heading", r.table]].forEach(
        function (pair) {  // on the page only at times: set when there
          var element = document.getElementById(pair[0]);
          if (element && pair[1] && element.textContent !== pair[1]) {
            window.dash_clientside.set_props(pair[0], { children: pair[1] });
          }
        }
      );
      var out = [
        r.pooled.head,
        r.pooled.value,
        r.pooled.interval,
        r.pooled.n,
        spread.build(),
        r.spread.heading,
        trend.build(),
        [
          rankingColumn("Højeste fem", r.top, query),
          rankingColumn("Laveste fem", r.bottom, query)
        ]
      ];
      // after the map has been painted: the map is what the eye follows
      return new Promise(function (resolve) {
        window.requestAnimationFrame(function () { window.setTimeout(function () {
          resolve(out);
        }, 0); });
      });
    },

    /* ▶ Afspil / ⏸ Stop; started on the last round it begins again at the first. */
    togglePlay: function (clicks, disabled, runde, min, max) {
      var nu = window.dash_clientside.no_update;
      if (!disabled) return [true, "▶ Afspil", nu];
      var restart = asInt(runde) >= asInt(max);
      return [false, "⏸ Stop", restart ? asInt(min) : nu];
    },

    stepRound: function (n, runde, max) {
      var nu = window.dash_clientside.no_update;
      var next = asInt(runde) + 1;
      if (next > asInt(max)) return [nu, true, "▶ Afspil"];
      var last = next >= asInt(max);
      return [next, last, last ? "▶ Afspil" : "⏸ Stop"];
    },

    /* Open tables follow the address: pass it on only while one is open, so a change of
       round with every table closed asks the server for nothing. */
    tablesFollow: function (search, clicks) {
      var open = (clicks || []).some(function (c) { return c && c % 2 === 1; });
      return open ? search : window.dash_clientside.no_update;
    }
  });
})();
