/* Dafu 答复: progressive enhancement only. Every page works without this file.
   - On the ask page, the answer is fetched as HTML from /fragments/answer (rendered by the same
     Jinja macro as the page) and shown without reloading.
   - On a reply page, the highlighted quote is scrolled into the middle of the screen.
   Only the server's own escaped fragment is inserted as HTML; every other text goes in as textContent. */
(function () {
  "use strict";

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      if (key === "text") node.textContent = attrs[key];
      else node.setAttribute(key, attrs[key]);
    });
    (children || []).forEach(function (child) {
      if (child) node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return node;
  }

  function renderAnswer(target, html) {
    // The server renders the answer with the same Jinja macro as the page (escaped there), so the
    // answer's HTML exists once; the fragment is parsed into a template before it is inserted.
    var template = document.createElement("template");
    template.innerHTML = html;
    target.textContent = "";
    target.appendChild(template.content);
  }

  function showError(target, message) {
    target.textContent = "";
    target.appendChild(el("p", { class: "error", role: "alert", text: message }));
  }

  // On a phone the answer starts below the fold: bring it into view and move focus to it, so a
  // screen reader reads it and the keyboard continues from there (not from <body>).
  function showAnswer(target) {
    target.setAttribute("tabindex", "-1");
    target.focus({ preventScroll: true });
    target.scrollIntoView({ block: "start", behavior: "instant" });
  }

  function setupAsk() {
    var form = document.getElementById("ask-form");
    var target = document.getElementById("answer");
    if (!form || !target || !window.fetch) return;
    var input = form.querySelector("#q");
    var button = form.querySelector("button[type=submit]");

    function ask(pushHistory) {
      var question = input.value.trim();
      if (!question) { input.focus(); return; }
      var params = new URLSearchParams({ q: question });
      ["agency", "year", "category"].forEach(function (name) {
        var field = form.elements[name];
        if (field && field.value) params.set(name, field.value);
      });
      button.setAttribute("aria-busy", "true");
      button.disabled = true;
      target.hidden = false;
      target.setAttribute("aria-busy", "true");
      fetch("/fragments/answer?" + params.toString(), { headers: { "Accept": "text/html" } }).then(function (response) {
        return response.text().then(function (body) { return { ok: response.ok || response.status === 422, body: body }; });
      }).then(function (result) {
        if (result.ok) renderAnswer(target, result.body);
        else showError(target, "查询失败，请稍后再试。");
        showAnswer(target);
        if (pushHistory) history.pushState({ q: question }, "", "/?" + params.toString());
        document.title = question + " · 答复 Dafu";
      }).catch(function () {
        form.submit();  // the server-rendered page still works
      }).then(function () {
        button.removeAttribute("aria-busy");
        button.disabled = false;
        target.removeAttribute("aria-busy");
      });
    }

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      ask(true);
    });
    document.querySelectorAll("a.example").forEach(function (link) {
      link.addEventListener("click", function (event) {
        if (event.ctrlKey || event.metaKey || event.shiftKey) return;
        event.preventDefault();
        input.value = link.textContent;
        ask(true);
      });
    });
    window.addEventListener("popstate", function () { window.location.reload(); });
  }

  function scrollToHighlight() {
    var mark = document.getElementById("hl");
    if (mark && mark.scrollIntoView) mark.scrollIntoView({ block: "center", behavior: "instant" });
  }

  setupAsk();
  if (document.readyState === "complete") scrollToHighlight();
  else window.addEventListener("load", scrollToHighlight);
})();
