// pipebook serve: reloads the page when the site is rebuilt. Served by `pipebook serve`
// only; `pipebook build` never adds it. It long-polls /__pipebook/wait, which answers
// with the site's version as soon as a build finishes (or after a while, unchanged).
(function () {
  "use strict";
  var meta = document.querySelector('meta[name="pipebook-serve"]');
  if (!meta || !window.fetch) return;
  var version = meta.getAttribute("content");

  var overlay = document.getElementById("pipebook-serve-error");
  var hide = document.getElementById("pipebook-serve-hide");
  if (overlay && hide) {
    hide.addEventListener("click", function () {
      overlay.hidden = true;
    });
  }

  var retry = 250;
  function wait() {
    fetch("/__pipebook/wait?since=" + encodeURIComponent(version), { cache: "no-store" })
      .then(function (response) {
        if (!response.ok) throw new Error("status " + response.status);
        return response.text();
      })
      .then(function (now) {
        retry = 250;
        if (now.trim() !== version) {
          location.reload();
        } else {
          wait();
        }
      })
      .catch(function () {
        // The server is restarting or stopped: try again, less and less often.
        setTimeout(wait, retry);
        retry = Math.min(retry * 2, 5000);
      });
  }
  wait();
})();
