/* Starts Swagger UI on /docs from a file, so the page needs no inline script (see the CSP). */
(function () {
  "use strict";
  var root = document.getElementById("swagger-ui");

  // Swagger UI titles the page with <h1> and each tag with <h3>: a level-2 heading between them
  // keeps the outline screen readers navigate by (WCAG 1.3.1).
  function OutlinePlugin() {
    return {
      wrapComponents: {
        InfoContainer: function (Original, system) {
          return function (props) {
            var React = system.React;
            return React.createElement("div", null, React.createElement(Original, props),
              React.createElement("h2", { className: "visually-hidden" }, "接口列表 (operations)"));
          };
        },
      },
    };
  }

  window.ui = SwaggerUIBundle({
    url: root.getAttribute("data-openapi-url"),
    dom_id: "#swagger-ui",
    deepLinking: false,  // true renders each path as a link inside its button (nested controls)
    layout: "BaseLayout",
    presets: [SwaggerUIBundle.presets.apis],
    plugins: [OutlinePlugin],
    syntaxHighlight: false,
  });
})();
