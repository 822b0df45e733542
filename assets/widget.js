/* trangtin widget.js: the portal's parts on other sites without an iframe.
   <script src="https://PORTAL/widget.js" async></script>
   <trangtin-widget kind="latest" count="5"></trangtin-widget>
   kind: latest | featured | most-read | category (with category="slug") | video | stats;
   count 1-20 (default 5); theme light | dark | auto; lang vi | en.
   Each widget renders in its own Shadow DOM, so the host's CSS does not reach it and its
   CSS does not leak out. The script adds one entry to window (`trangtin`), defines the
   <trangtin-widget> element, and nothing else: no router, no listeners on the host page.
   Content is inserted as text, never as HTML. */
(function () {
  "use strict";
  var ns = window.trangtin || (window.trangtin = {});
  if (ns.widget) return;
  var script = document.currentScript;
  var BASE = new URL(".", (script && script.src) || document.baseURI).href;
  var SCHEMA = 4;
  var TEXT = {
    vi: {
      latest: "Tin mới", featured: "Tin tiêu điểm", "most-read": "Tin đọc nhiều", video: "Video",
      stats: "Thống kê truy cập", empty: "Chưa có bài.", error: "Không tải được nội dung.",
      more: "Xem thêm tại ", play: "Phát video: ", loading: "Đang tải…",
      rows: ["Đang online", "Hôm nay", "Hôm qua", "Tháng này", "Tháng trước", "Tất cả"],
    },
    en: {
      latest: "Latest news", featured: "Featured", "most-read": "Most read", video: "Video",
      stats: "Visitor statistics", empty: "Nothing here yet.", error: "Could not load the content.",
      more: "More at ", play: "Play video: ", loading: "Loading…",
      rows: ["Online now", "Today", "Yesterday", "This month", "Last month", "Total"],
    },
  };
  var CSS =
    ":host{display:block}" +
    ".root{all:initial;display:block;box-sizing:border-box;font:15px/1.5 system-ui,-apple-system,'Segoe UI',Roboto,'Noto Sans',Arial,sans-serif;" +
    "color:#1b1f24;background:#fff;border:1px solid #d9dee5;border-radius:6px;padding:12px 14px;text-align:left}" +
    ".root *{box-sizing:border-box}" +
    "h3{all:unset;display:block;font-weight:700;font-size:16px;color:#a3141a;border-bottom:2px solid #a3141a;padding-bottom:4px;margin-bottom:8px}" +
    "ul{all:unset;display:block;list-style:none}" +
    "li{all:unset;display:block;padding:6px 0;border-bottom:1px solid #e3e7ed}" +
    "li:last-child{border-bottom:0}" +
    "a{all:unset;color:#0b4f9c;cursor:pointer;text-decoration:underline;text-underline-offset:2px}" +
    "a:focus-visible,button:focus-visible{outline:3px solid #1a73e8;outline-offset:2px}" +
    "time,.muted{color:#545d69;font-size:13px}" +
    "p{all:unset;display:block;margin-top:8px}" +
    "dl{all:unset;display:block}dt,dd{all:unset}" +
    ".row{display:flex;justify-content:space-between;padding:3px 0}" +
    ".frame{position:relative;aspect-ratio:16/9;background:#000;border-radius:4px;overflow:hidden}" +
    ".frame button{all:unset;position:absolute;inset:0;cursor:pointer;display:block}" +
    ".frame img,.frame iframe,.frame video{position:absolute;inset:0;width:100%;height:100%;border:0;object-fit:cover}" +
    ".play{position:absolute;left:50%;top:50%;width:64px;height:44px;margin:-22px 0 0 -32px;background:#c00;border-radius:12px}" +
    ".play:after{content:'';position:absolute;left:26px;top:12px;border-style:solid;border-width:10px 0 10px 16px;border-color:transparent transparent transparent #fff}" +
    ".dark{color:#e8eaed;background:#1b1e23;border-color:#30353d}.dark a{color:#8ab8ff}.dark h3{color:#ff8a8f;border-color:#ff8a8f}" +
    ".dark li{border-color:#2a2f36}.dark time,.dark .muted{color:#a9b1bc}" +
    "@media (prefers-color-scheme:dark){.auto{color:#e8eaed;background:#1b1e23;border-color:#30353d}.auto a{color:#8ab8ff}" +
    ".auto h3{color:#ff8a8f;border-color:#ff8a8f}.auto li{border-color:#2a2f36}.auto time,.auto .muted{color:#a9b1bc}}";

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    for (var k in attrs) if (Object.prototype.hasOwnProperty.call(attrs, k)) node.setAttribute(k, attrs[k]);
    if (text != null) node.textContent = text;
    return node;
  }

  function getJson(url) {
    return fetch(url, { credentials: "omit" }).then(function (r) {
      if (!r.ok) throw new Error("HTTP " + r.status);
      return r.json();
    }).then(function (data) {
      if (!data || data.schema_version !== SCHEMA) throw new Error("schema");
      return data;
    });
  }

  // A picture of the portal: a photo's WebP and JPEG/PNG widths (see the model's Image),
  // or an SVG/GIF as it is.
  function picture(image, sizes) {
    var src = new URL(image.src, BASE).href;
    var img = el("img", { src: src, alt: "", loading: "lazy", decoding: "async" });
    if (image.width && image.height) { img.setAttribute("width", image.width); img.setAttribute("height", image.height); }
    var widths = image.widths || [];
    var dash = src.lastIndexOf("-"), dot = src.lastIndexOf(".");
    if (!widths.length || dash < 0 || dot < dash) return img;
    var stem = src.slice(0, dash), ext = src.slice(dot + 1);
    function set(e) { return widths.map(function (w) { return stem + "-" + w + "." + e + " " + w + "w"; }).join(", "); }
    img.setAttribute("srcset", set(ext));
    img.setAttribute("sizes", sizes);
    var pic = el("picture");
    pic.appendChild(el("source", { type: "image/webp", srcset: set("webp"), sizes: sizes }));
    pic.appendChild(img);
    return pic;
  }

  function portal(path) {
    return new URL(path, BASE).href;
  }

  function shortDate(ts) {
    var m = /^(\d{4})-(\d{2})-(\d{2})/.exec(ts || "");
    return m ? m[3] + "/" + m[2] + "/" + m[1] : "";
  }

  function list(items, count, t) {
    if (!items || !items.length) return el("p", { class: "muted" }, t.empty);
    var ul = el("ul");
    items.slice(0, count).forEach(function (a) {
      var li = el("li");
      li.appendChild(el("a", { href: portal("bai-viet/" + encodeURIComponent(a.slug)), target: "_blank", rel: "noopener" }, a.title));
      li.appendChild(document.createTextNode(" "));
      li.appendChild(el("time", { datetime: a.published }, "(" + shortDate(a.published) + ")"));
      ul.appendChild(li);
    });
    return ul;
  }

  function video(v, t) {
    var frame = el("div", { class: "frame" });
    var button = el("button", { type: "button", "aria-label": t.play + v.title });
    if (v.poster) button.appendChild(picture(v.poster, "(min-width: 40rem) 20rem, 100vw"));
    button.appendChild(el("span", { class: "play", "aria-hidden": "true" }));
    // Nothing from the video host loads until play.
    button.addEventListener("click", function () {
      var player;
      if (v.source && v.source.kind === "youtube" && /^[A-Za-z0-9_-]{6,32}$/.test(v.source.id)) {
        player = el("iframe", {
          src: "https://www.youtube-nocookie.com/embed/" + v.source.id + "?autoplay=1&rel=0",
          title: v.title, allow: "autoplay; encrypted-media; picture-in-picture; fullscreen",
          allowfullscreen: "", referrerpolicy: "strict-origin-when-cross-origin",
        });
      } else if (v.source && v.source.kind === "file") {
        player = el("video", { src: new URL(v.source.src, BASE).href, controls: "", autoplay: "", preload: "metadata" });
      } else {
        return;
      }
      frame.replaceChild(player, button);
      player.focus();
    });
    frame.appendChild(button);
    var box = el("div");
    box.appendChild(frame);
    box.appendChild(el("p", {}, v.title));
    return box;
  }

  function stats(s, t) {
    var dl = el("dl");
    [s.online, s.today, s.yesterday, s.this_month, s.last_month, s.total].forEach(function (n, i) {
      var row = el("div", { class: "row" });
      row.appendChild(el("dt", {}, t.rows[i]));
      row.appendChild(el("dd", {}, Number(n).toLocaleString("vi-VN")));
      dl.appendChild(row);
    });
    return dl;
  }

  class Widget extends HTMLElement {
    connectedCallback() {
      render(this);
    }
  }

  function render(host) {
    if (host.shadowRoot) return;
    var shadow = host.attachShadow({ mode: "open" });
    var t = TEXT[host.getAttribute("lang") === "en" ? "en" : "vi"];
    var theme = host.getAttribute("theme");
    var root = el("div", { class: "root " + (theme === "dark" || theme === "light" ? theme : "auto") });
    var style = el("style", {}, CSS);
    shadow.appendChild(style);
    shadow.appendChild(root);
    var kind = host.getAttribute("kind") || "latest";
    var count = Math.min(20, Math.max(1, parseInt(host.getAttribute("count"), 10) || 5));
    var category = host.getAttribute("category") || "";
    if (kind.indexOf("category/") === 0) {
      category = kind.slice(9);
      kind = "category";
    }
    root.appendChild(el("p", { class: "muted", role: "status" }, t.loading));
    var fail = function () {
      root.textContent = "";
      root.appendChild(el("p", { class: "muted", role: "status" }, t.error));
    };
    getJson(portal("content/site.json")).then(function (site) {
      var title = t[kind] || "";
      var body;
      var next = Promise.resolve();
      if (kind === "latest" || kind === "featured" || kind === "most-read") {
        // The lists move with every publish: they are in lists.json, not the manifest.
        next = getJson(portal("content/lists.json")).then(function (lists) {
          body = list(lists[kind === "most-read" ? "most_read" : kind], count, t);
        });
      } else if (kind === "video") {
        body = site.videos && site.videos.length ? video(site.videos[0], t) : el("p", { class: "muted" }, t.empty);
      } else if (kind === "category" && /^[a-z0-9]+(-[a-z0-9]+)*$/.test(category)) {
        next = getJson(portal("content/chuyen-muc/" + category + ".json")).then(function (page) {
          title = page.category.name;
          body = list(page.items, count, t);
        });
      } else if (kind === "stats") {
        next = getJson(portal("content/stats.json")).then(function (s) {
          body = stats(s, t);
        });
      } else {
        throw new Error("kind");
      }
      return next.then(function () {
        root.textContent = "";
        root.appendChild(el("h3", {}, title));
        root.appendChild(body);
        var more = el("p", { class: "muted" }, t.more);
        more.appendChild(el("a", { href: portal(""), target: "_blank", rel: "noopener" }, site.site.name));
        root.appendChild(more);
      });
    }).catch(fail);
  }
  if (!customElements.get("trangtin-widget")) customElements.define("trangtin-widget", Widget);
  ns.widget = { version: 1 };
})();
