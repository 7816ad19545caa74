/* Dafu 答复: progressive enhancement only. Every page works without this file.
   - On the ask page, the form is sent to POST /api/ask and the answer is drawn without reloading.
   - On a reply page, the highlighted quote is scrolled into the middle of the screen.
   All text from the server is inserted with textContent: never as HTML. */
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

  function metaLine(c) {
    var line = el("p", { class: "meta-line" });
    [c.agency, c.doc_number, c.date].forEach(function (value) {
      if (value) line.appendChild(el("span", { text: value }));
    });
    if (c.category) line.appendChild(el("span", { class: "tag", text: c.category }));
    return line;
  }

  function renderAnswer(target, answer) {
    target.textContent = "";
    target.appendChild(el("h2", { class: "answer-q", text: "问：" + answer.question }));
    if (answer.abstained) {
      target.appendChild(el("div", { class: "abstain", role: "status" }, [
        el("p", { text: answer.answer }),
        el("p", {}, [el("a", { href: "/replies", text: "浏览全部答复 →" })]),
      ]));
      return;
    }
    var text = el("div", { class: "answer-text" });
    answer.sentences.forEach(function (s) {
      text.appendChild(el("p", { class: "answer-sentence" }, [
        "“" + s.text + "”",
        el("a", { class: "marker", href: "#src-" + s.n, "aria-label": "出处 " + s.n, text: "[" + s.n + "]" }),
      ]));
    });
    target.appendChild(text);
    target.appendChild(el("h3", { class: "sources-title", text: "出处" }));
    var list = el("ol", { class: "sources" });
    answer.citations.forEach(function (c) {
      list.appendChild(el("li", { class: "source" + (c.in_answer ? " in-answer" : ""), id: "src-" + c.n }, [
        el("span", { class: "source-n", "aria-hidden": "true", text: "[" + c.n + "]" }),
        el("div", { class: "source-body" }, [
          el("a", { class: "source-link", href: c.url, text: c.title }),
          metaLine(c),
          el("p", { class: "section-path", text: c.section_path.join(" › ") }),
          el("blockquote", { class: "quote", text: c.quote }),
        ]),
      ]));
    });
    target.appendChild(list);
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
      var filters = {};
      var params = new URLSearchParams({ q: question });
      ["agency", "year", "category"].forEach(function (name) {
        var field = form.elements[name];
        if (field && field.value) {
          filters[name] = name === "year" ? parseInt(field.value, 10) : field.value;
          params.set(name, field.value);
        }
      });
      button.setAttribute("aria-busy", "true");
      button.disabled = true;
      target.hidden = false;
      target.setAttribute("aria-busy", "true");
      fetch("/api/ask", {
        method: "POST",
        headers: { "Content-Type": "application/json", "Accept": "application/json" },
        body: JSON.stringify({ question: question, filters: filters }),
      }).then(function (response) {
        return response.json().then(function (body) { return { ok: response.ok, body: body }; });
      }).then(function (result) {
        if (result.ok) renderAnswer(target, result.body);
        else showError(target, result.body && result.body.detail ? String(result.body.detail) : "查询失败，请稍后再试。");
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
