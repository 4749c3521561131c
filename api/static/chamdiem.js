// chamdiem's one small script. Every page works without it; with it,
// evidence forms take files dropped on them and show the upload's progress.
"use strict";

document.querySelectorAll("form[data-upload]").forEach(function (form) {
  var input = form.querySelector("input[type=file]");
  var zone = form.querySelector(".drop-zone");
  var progress = form.querySelector(".upload-progress");
  if (zone && input) {
    ["dragenter", "dragover"].forEach(function (name) {
      zone.addEventListener(name, function (event) {
        event.preventDefault();
        zone.classList.add("drop-zone--over");
      });
    });
    ["dragleave", "drop"].forEach(function (name) {
      zone.addEventListener(name, function () {
        zone.classList.remove("drop-zone--over");
      });
    });
    zone.addEventListener("drop", function (event) {
      event.preventDefault();
      if (event.dataTransfer && event.dataTransfer.files.length > 0) {
        input.files = event.dataTransfer.files;
      }
    });
  }
  form.addEventListener("submit", function (event) {
    if (!window.XMLHttpRequest || !window.FormData) {
      return;
    }
    event.preventDefault();
    var request = new XMLHttpRequest();
    request.open("POST", form.action);
    if (progress) {
      progress.hidden = false;
      progress.value = 0;
      request.upload.addEventListener("progress", function (e) {
        if (e.lengthComputable) {
          progress.value = Math.round((e.loaded / e.total) * 100);
        }
      });
    }
    request.addEventListener("load", function () {
      // Done: the page the server sent the browser to. Refused: the
      // server's page with its message beside the form.
      if (request.responseURL && request.responseURL !== form.action) {
        window.location.assign(request.responseURL);
      } else {
        document.open();
        document.write(request.responseText);
        document.close();
      }
    });
    request.addEventListener("error", function () {
      form.submit();
    });
    request.send(new FormData(form));
  });
});

// A board that says how work stands refreshes itself while it is open.
document.querySelectorAll("[data-refresh]").forEach(function (board) {
  var seconds = parseInt(board.getAttribute("data-refresh"), 10) || 30;
  window.setInterval(function () {
    if (document.hidden || !window.fetch || !window.DOMParser) {
      return;
    }
    window.fetch(window.location.href, { credentials: "same-origin" })
      .then(function (answer) { return answer.ok ? answer.text() : null; })
      .then(function (html) {
        if (!html) {
          return;
        }
        var fresh = new DOMParser().parseFromString(html, "text/html").getElementById(board.id);
        if (fresh) {
          board.innerHTML = fresh.innerHTML;
        }
      })
      .catch(function () {});
  }, seconds * 1000);
});
