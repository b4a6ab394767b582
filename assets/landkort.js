/* Digitalt Landkort in the browser: the frame's small behaviours (clientside callbacks,
   no server round trip) and repairs to third-party widgets for keyboards and screen
   readers. Loaded by Dash from assets/ on every page. */
(function () {
  "use strict";

  var firstPage = true;
  var lastPlace = null; /* the address searchChanged saw last */

  /* other assets files add their functions to the same namespace */
  window.dash_clientside = window.dash_clientside || {};
  window.dash_clientside.landkort = Object.assign(window.dash_clientside.landkort || {}, {
      /* The navbar's menu button on a narrow screen. */
      toggleNav: function (clicks, open) {
        var now = clicks ? !open : false;
        return [now, now ? "true" : "false"];
      },
      /* The Data page's upload: a file above the limit is refused here, in Danish,
         before it is sent; a file within it goes on to the server's preview. */
      checkUpload: function (contents, filename, limit) {
        var none = window.dash_clientside.no_update;
        if (!contents) return [none, none];
        var bytes = Math.floor(((contents.split(",")[1] || "").length * 3) / 4);
        if (limit && bytes > limit) {
          var mb = Math.round(limit / 1e6).toLocaleString("da-DK");
          return [null, (filename || "Filen") + " er for stor: højst " + mb + " MB kan " +
            "uploades. Del filen i flere, eller bed driften indlæse den med " +
            "'python -m landkort import'."];
        }
        return [{contents: contents, filename: filename}, ""];
      },
      /* A new page: its title, focus on its heading, and a word to screen readers. */
      pageShown: function (title) {
        if (!title) return window.dash_clientside.no_update;
        document.title = title;
        if (firstPage) {
          firstPage = false;
          /* the index page's drawing of this page (hidden by landkort.css from now on) */
          var firstView = document.getElementById("first-view");
          if (firstView) firstView.remove();
          return "";
        }
        window.requestAnimationFrame(function () {
          /* a link to a section ('/om#maal-straks'): there; else the page's heading */
          var target = window.location.hash &&
            document.getElementById(decodeURIComponent(window.location.hash.slice(1)));
          var heading = target || document.querySelector("#main h1");
          if (heading) {
            heading.setAttribute("tabindex", "-1");
            heading.focus({ preventScroll: true });
            heading.scrollIntoView();
          }
        });
        return "Siden er vist: " + title.split(" – ")[0];
      },
      /* A page's words to screen readers, into the shell's live region. */
      announce: function (said) {
        return said || window.dash_clientside.no_update;
      },
      /* A button of a pattern-matching group pressed: {id, n, at} for the server's
         callback, which listens to this store. Buttons that merely appear (a page or a
         section drawn) fire their group with no clicks; Dash calls a server callback
         for those even with prevent_initial_call when its output lies outside the new
         part of the page, so they are filtered here, without a request. */
      pressed: function () {
        var none = window.dash_clientside.no_update;
        var triggered = window.dash_clientside.callback_context.triggered || [];
        var hit = triggered.filter(function (t) { return t && t.value; })[0];
        if (!hit) return none;
        var id = hit.prop_id.slice(0, hit.prop_id.lastIndexOf("."));
        try {
          return {id: JSON.parse(id), n: hit.value, at: Date.now()};
        } catch (e) {
          return none;
        }
      },
      /* A new page address: ask the routing callback for its page, unless the layout
         already brought the page for this very address (server/page_address.py). That
         is used once: coming back to the address later asks again. */
      routeAsked: function (pathname, search, drawn) {
        var here = (pathname || "/") + (search || "");
        if (drawn && drawn === here) return [window.dash_clientside.no_update, null];
        return [{path: here, at: Date.now()}, null];
      },
      /* The address's query changed on the same page (its controls, back or forward):
         the query for the server's title. The first query a page shows, or one that
         comes with a new page, is left to the routing callback, which titles it. */
      searchChanged: function (search, pathname) {
        var none = window.dash_clientside.no_update;
        var now = {path: pathname || "/", search: search || ""};
        var before = lastPlace;
        lastPlace = now;
        if (!before || before.path !== now.path || before.search === now.search) return none;
        return now.search;
      },
      /* The map's rounds arrived for a selection its side panel does not show yet (a new
         selection, not the page's first): ask for that panel. */
      panelAsked: function (rounds, selection, drawn) {
        if (!rounds || JSON.stringify(selection) === JSON.stringify(drawn)) {
          return window.dash_clientside.no_update;
        }
        return selection;
      },
      /* The rows a table came with, once the reader nears it (assets/near.js); used
         once (a new address brings its own rows: callbacks/compare.py). */
      rowsWhenNear: function (near, rows) {
        var nu = window.dash_clientside.no_update;
        return near && rows ? [rows, null] : [nu, nu];
      },
      /* A kommune clicked on the map: its page, the query (and its round) kept. A click
         beside the kommuner carries no kommune code and changes nothing. */
      openKommune: function (click) {
        var point = click && click.points && click.points[0];
        var kode = point ? String(point.location) : "";
        if (!/^\d{1,4}$/.test(kode)) return window.dash_clientside.no_update;
        return "/kommune/" + ("000" + Number(kode)).slice(-4);
      },
      /* The page's controls changed what it shows: the title says so (no focus move). */
      retitle: function (title) {
        if (title) document.title = title;
        return window.dash_clientside.no_update;
      },
      /* A table's sort button pressed: its rows sorted on the cells' data-sort values
         (numbers as numbers, Danish text order, missing values last), the header's
         aria-sort and arrow set. Pressed again, the order turns. */
      sortTable: function (clicks, table) {
        var trigger = window.dash_clientside.callback_context.triggered_id;
        if (!trigger || !table) return window.dash_clientside.no_update;
        table = JSON.parse(JSON.stringify(table));
        var parts = table.props.children;
        var headers = find(parts, "Thead").props.children.props.children;
        var body = find(parts, "Tbody");
        var col = trigger.col;
        var turn = headers[col].props["aria-sort"] === "ascending" ? -1 : 1;
        headers.forEach(function (th, i) {
          var state = i === col ? (turn === 1 ? "ascending" : "descending") : null;
          th.props["aria-sort"] = state;
          th.props.children.props.children[1].props.children =
            state === "ascending" ? "\u25B2" : state === "descending" ? "\u25BC" : "\u2195";
        });
        body.props.children.sort(function (a, b) {
          var x = a.props.children[col].props["data-sort"];
          var y = b.props.children[col].props["data-sort"];
          if (x === undefined || x === null) return y === undefined || y === null ? 0 : 1;
          if (y === undefined || y === null) return -1;
          if (typeof x === "number" && typeof y === "number") return turn * (x - y);
          return turn * String(x).localeCompare(String(y), "da", { numeric: true });
        });
        keepFocus(document.activeElement && document.activeElement.id);
        return table;
      },
      /* The small multiples on a narrow screen: the same panels in two columns instead
         of five (the grid is in layout.meta.panels, see layouts/kommune/figures.py), so
         the page needs no sideways scrolling (WCAG 1.4.10). */
      reflowPanels: function (figure) {
        var grid = figure && figure.layout && figure.layout.meta && figure.layout.meta.panels;
        var cols = window.matchMedia("(max-width: 575.98px)").matches ? 2 : 5;
        var no = window.dash_clientside.no_update;
        if (!grid || grid.cols === cols) return [no, no];
        var out = panelsIn(figure, grid, cols);
        return [out, { height: out.layout.height + "px" }];
      }
  });

  function panelsIn(figure, grid, cols) {
    var rows = Math.ceil(grid.count / cols);
    var out = JSON.parse(JSON.stringify(figure));
    function move(x, y) {
      var c = Math.min(grid.cols - 1, Math.max(0, Math.floor((x + 0.75) / grid.width)));
      var fromBottom = Math.floor((y + 17) / grid.step);
      var i = (grid.rows - 1 - fromBottom) * grid.cols + c;
      var r = Math.floor(i / cols);
      return [x + (i % cols - c) * grid.width, y + (rows - 1 - r - fromBottom) * grid.step];
    }
    out.data.forEach(function (trace) {
      if (!trace.x || !trace.y) return;
      if (trace.mode === "text" && cols < grid.cols) {  /* titles: narrower columns */
        trace.textfont = Object.assign({}, trace.textfont, { size: 9.5 });
        trace.text = trace.text.map(function (t) {
          return t.replace(/^(.{13})[^<]*?( <span|$)/, "$1…$2");
        });
      }
      for (var j = 0; j < trace.x.length; j++) {
        if (trace.x[j] === null || trace.y[j] === null) continue;
        var moved = move(trace.x[j], trace.y[j]);
        trace.x[j] = moved[0];
        trace.y[j] = moved[1];
      }
    });
    out.layout.meta.panels = Object.assign({}, grid, { cols: cols, rows: rows });
    out.layout.height = rows * grid.rowPx + grid.extraPx + 30;
    out.layout.margin = Object.assign({}, out.layout.margin, { t: 40 });  /* legend wraps */
    out.layout.xaxis.range = [-0.8, cols * grid.width - 1.2];
    out.layout.yaxis.range = [-6, rows * grid.step - 8];
    return out;
  }

  /* Dash draws the sorted table anew: give focus back to the button that had it. */
  function keepFocus(id, tries) {
    if (!id) return;
    window.requestAnimationFrame(function () {
      var element = document.getElementById(id);
      if (element && document.activeElement !== element) element.focus();
      else if (!element && (tries || 0) < 20) keepFocus(id, (tries || 0) + 1);
    });
  }

  function find(parts, type) {
    for (var i = 0; i < parts.length; i++) if (parts[i] && parts[i].type === type) return parts[i];
    return null;
  }

  /* dcc.Dropdown (Dash 4) keeps keyboard focus on a hidden, nameless input that hands it
     on to the real button; the button's name is only its value. Make the button the tab
     stop, take the hidden input out of the focus order, and put the visible label first
     in the button's name (WCAG 2.5.3, 4.1.2). */
  function repairDropdown(button) {
    var input = button.previousElementSibling;
    if (input && input.classList.contains("dash-dropdown-focus-target") && !input.inert) {
      input.inert = true;
    }
    /* only real changes: every write is a mutation this observer would see again */
    if (!button.disabled && button.getAttribute("tabindex") !== "0") button.tabIndex = 0;
    var label = button.id && document.querySelector('label[for="' + CSS.escape(button.id) + '"]');
    if (label) {
      if (!label.id) label.id = button.id + "-label";
      var names = (button.getAttribute("aria-labelledby") || "").split(/\s+/);
      if (names[0] !== label.id) {
        button.setAttribute(
          "aria-labelledby",
          [label.id].concat(names.filter(function (n) { return n && n !== label.id; })).join(" ")
        );
      }
    }
  }

  /* dcc.Clipboard draws a bare icon: make it a named button a keyboard reaches. */
  function repairClipboard(icon) {
    if (icon.getAttribute("role") === "button") return;
    icon.setAttribute("role", "button");
    icon.setAttribute("tabindex", "0");
    icon.setAttribute("aria-label", icon.getAttribute("title") || "Kopiér");
    icon.addEventListener("keydown", function (event) {
      if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        icon.click();
      }
    });
  }

  /* dcc.Slider (Dash 4) draws a nameless thumb: name it by the slider's label, and say
     its value as the label's unit does ('40 %'). */
  function repairSlider(thumb) {
    var holder = thumb.closest("[id]");
    var label = holder && document.querySelector('label[for="' + CSS.escape(holder.id) + '"]');
    if (label) {
      if (!label.id) label.id = holder.id + "-label";
      if (thumb.getAttribute("aria-labelledby") !== label.id) {
        thumb.setAttribute("aria-labelledby", label.id);
      }
    }
    var text = thumb.getAttribute("aria-valuenow") + " %";
    if (thumb.getAttribute("aria-valuetext") !== text) thumb.setAttribute("aria-valuetext", text);
  }

  /* dbc.Modal's close button says "Close". */
  function repairCloseButton(button) {
    if (button.getAttribute("aria-label") !== "Luk") button.setAttribute("aria-label", "Luk");
  }

  /* dcc.Upload's file field has no name: give it the drop zone's visible words (the
     field covers the zone, so a keyboard's Tab reaches it and Enter opens the dialog). */
  function repairUpload(input) {
    var zone = input.parentElement;
    var words = zone ? zone.textContent.trim() : "";
    if (words && input.getAttribute("aria-label") !== words) input.setAttribute("aria-label", words);
  }

  function repairAll(root) {
    root.querySelectorAll(".upload-drop input[type=file]").forEach(repairUpload);
    root.querySelectorAll("button.dash-dropdown").forEach(repairDropdown);
    root.querySelectorAll(".landkort-clipboard").forEach(repairClipboard);
    root.querySelectorAll(".modal .btn-close").forEach(repairCloseButton);
    root.querySelectorAll(".kp-controls-slider [role=slider]").forEach(repairSlider);
  }

  var pending = false;
  new MutationObserver(function () {
    if (pending) return;
    pending = true;
    window.requestAnimationFrame(function () {
      pending = false;
      repairAll(document);
    });
  }).observe(document.documentElement, { childList: true, subtree: true, attributes: true,
    attributeFilter: ["tabindex", "aria-labelledby", "aria-label", "aria-valuenow"] });
})();
