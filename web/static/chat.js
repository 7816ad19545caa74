/* Dafu 答复: the conversation page without reloads. Progressive enhancement only: without this file
   the form posts to /chat and the server redraws the thread.
   - A question goes to POST /api/chat; the new turn is drawn by the server (GET /chat/{id}/turns/{n})
     so the answer's HTML exists in one place only, and the address becomes /chat/{id}.
   - 👍/👎 go to POST /api/chat/{id}/feedback. */
(function () {
  "use strict";

  var form = document.getElementById("chat-form");
  var thread = document.getElementById("thread");
  if (!form || !thread || !window.fetch || !window.DOMParser) return;
  var input = form.querySelector("#q");
  var button = form.querySelector("button[type=submit]");
  var idField = form.elements["conversation_id"];

  function json(response) {
    return response.json().then(function (body) { return { ok: response.ok, body: body }; });
  }

  function showError(message) {
    var old = document.getElementById("chat-error");
    if (old) old.remove();
    var p = document.createElement("p");
    p.id = "chat-error";
    p.className = "error";
    p.setAttribute("role", "alert");
    p.textContent = message;
    form.parentNode.insertBefore(p, form);
  }

  function insertTurn(conversationId, turn) {
    return fetch("/chat/" + encodeURIComponent(conversationId) + "/turns/" + turn, { headers: { "Accept": "text/html" } })
      .then(function (response) {
        if (!response.ok) throw new Error("turn " + turn);
        return response.text();
      })
      .then(function (html) {
        var doc = new DOMParser().parseFromString(html, "text/html");
        var item = doc.body.firstElementChild;
        thread.querySelectorAll("details.turn-sources[open]").forEach(function (d) { d.removeAttribute("open"); });
        thread.appendChild(document.adoptNode(item));
        setupFeedback(item);
        setupSuggestions(item);
        // Bring the answer into view and move focus to it: on a phone it starts below the fold, and
        // focus left on <body> sends screen readers and keyboards back to the top.
        item.setAttribute("tabindex", "-1");
        item.focus({ preventScroll: true });
        item.scrollIntoView({ block: "start" });
      });
  }

  function send(message) {
    if (!message) { input.focus(); return; }
    var filters = {};
    ["agency", "year", "category"].forEach(function (name) {
      var field = form.elements[name];
      if (field && field.value) filters[name] = name === "year" ? parseInt(field.value, 10) : field.value;
    });
    var body = { message: message, filters: filters };
    if (idField.value) body.conversation_id = idField.value;
    button.disabled = true;
    button.setAttribute("aria-busy", "true");
    fetch("/api/chat", {
      method: "POST",
      headers: { "Content-Type": "application/json", "Accept": "application/json" },
      body: JSON.stringify(body),
    }).then(json).then(function (result) {
      if (!result.ok) {
        showError(result.body && result.body.detail ? String(result.body.detail) : "查询失败，请稍后再试。");
        return;
      }
      var answer = result.body;
      if (!answer.conversation_id) { form.submit(); return; }  // not saved: the server page shows it
      var old = document.getElementById("chat-error");
      if (old) old.remove();
      idField.value = answer.conversation_id;
      history.pushState({ c: answer.conversation_id }, "", "/chat/" + encodeURIComponent(answer.conversation_id));
      document.title = answer.message + " · 答复 Dafu";
      input.value = "";
      input.placeholder = "例如：那联系电话呢？";
      document.querySelectorAll(".lead, .examples").forEach(function (node) { node.hidden = true; });
      return insertTurn(answer.conversation_id, answer.turn);
    }).catch(function () {
      form.submit();
    }).then(function () {
      button.disabled = false;
      button.removeAttribute("aria-busy");
    });
  }

  function setupFeedback(root) {
    root.querySelectorAll("form.feedback").forEach(function (fb) {
      fb.addEventListener("submit", function (event) {
        event.preventDefault();
        var rating = event.submitter ? event.submitter.value : "up";
        var conversationId = fb.getAttribute("action").split("/")[2];
        fetch("/api/chat/" + conversationId + "/feedback", {
          method: "POST",
          headers: { "Content-Type": "application/json", "Accept": "application/json" },
          body: JSON.stringify({ turn: parseInt(fb.elements["turn"].value, 10), rating: rating,
                                 comment: fb.elements["comment"].value || null }),
        }).then(json).then(function (result) {
          var p = document.createElement("p");
          p.className = result.ok ? "feedback-thanks" : "error";
          p.setAttribute("role", "status");
          p.textContent = result.ok ? "谢谢反馈！" : "反馈未能保存，请稍后再试。";
          fb.replaceWith(p);
        });
      });
    });
  }

  function setupSuggestions(root) {
    root.querySelectorAll("a.next-q, a.example").forEach(function (link) {
      link.addEventListener("click", function (event) {
        if (event.ctrlKey || event.metaKey || event.shiftKey) return;
        event.preventDefault();
        send(link.textContent.trim());
      });
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    send(input.value.trim());
  });
  setupFeedback(document);
  setupSuggestions(document);
  window.addEventListener("popstate", function () { window.location.reload(); });
})();
