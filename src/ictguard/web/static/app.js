// Small progressive enhancements; every page works without JavaScript except live updates.
document.addEventListener("htmx:responseError", function (event) {
  var target = event.detail.target;
  if (target && event.detail.xhr && event.detail.xhr.responseText) {
    target.innerHTML = event.detail.xhr.responseText;
  }
});
