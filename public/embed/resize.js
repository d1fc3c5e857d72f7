/*
 * Crowdfunding civico, Comune di Venezia: fits the embedded widgets (iframe[data-civic-embed]) to their content.
 * A height is accepted only from this script's own origin, and only for the iframe whose window sent it.
 */
(function () {
  'use strict';
  var script = document.currentScript;
  if (!script || window.__civicEmbed) return;
  window.__civicEmbed = true;
  var origin = new URL(script.src).origin;
  window.addEventListener('message', function (event) {
    if (event.origin !== origin) return;
    var data = event.data;
    if (!data || data.type !== 'civic-embed:resize' || typeof data.height !== 'number' || !isFinite(data.height) || data.height < 0) return;
    var frames = document.querySelectorAll('iframe[data-civic-embed]');
    for (var i = 0; i < frames.length; i++) {
      if (frames[i].contentWindow === event.source) frames[i].style.height = Math.min(Math.ceil(data.height), 4000) + 'px';
    }
  });
})();
