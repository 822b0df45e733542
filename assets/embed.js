/* trangtin embed.js: sizes the portal's widget iframes (<iframe data-trangtin …>) to their
   content. A message is obeyed only if it comes from that iframe's window, from the
   iframe's own origin, and carries a whole-number height within sane bounds. It adds one
   entry to window: `trangtin`. */
(function () {
  "use strict";
  var ns = window.trangtin || (window.trangtin = {});
  if (ns.embed) return;
  var MIN = 40;
  var MAX = 10000;

  function originOf(frame) {
    try {
      return new URL(frame.getAttribute("src"), document.baseURI).origin;
    } catch (e) {
      return null;
    }
  }

  window.addEventListener("message", function (event) {
    var data = event.data;
    if (!data || typeof data !== "object" || data.type !== "trangtin:height") return;
    var height = data.height;
    if (typeof height !== "number" || !Number.isInteger(height) || height < MIN || height > MAX) return;
    var frames = document.querySelectorAll("iframe[data-trangtin]");
    for (var i = 0; i < frames.length; i++) {
      var frame = frames[i];
      if (frame.contentWindow === event.source && originOf(frame) === event.origin) {
        frame.style.height = height + "px";
        return;
      }
    }
  });
  // Widgets report their height when it changes; one that reported before this script
  // was listening is asked again, now and whenever an iframe (re)loads.
  function ask(frame) {
    var origin = originOf(frame);
    if (frame.contentWindow && origin) frame.contentWindow.postMessage({ type: "trangtin:measure" }, origin);
  }
  var watched = new WeakSet();
  function watch() {
    var frames = document.querySelectorAll("iframe[data-trangtin]");
    for (var i = 0; i < frames.length; i++) {
      if (!watched.has(frames[i])) {
        watched.add(frames[i]);
        frames[i].addEventListener("load", ask.bind(null, frames[i]));
      }
      ask(frames[i]);
    }
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", watch);
  else watch();
  ns.embed = { version: 1, refresh: watch };
})();
