/* Starts Swagger UI on the API documentation page from a file (the site's CSP refuses inline scripts):
   its settings are the page's JSON block, and every call made from the page sends the session's
   anti-forgery (CSRF) token, as the API asks of a signed-in browser. */
(function () {
  "use strict";
  var body = document.body;
  var config = JSON.parse(document.getElementById("swagger-settings").textContent);
  config.dom_id = "#swagger-ui";
  config.presets = [SwaggerUIBundle.presets.apis, SwaggerUIBundle.SwaggerUIStandalonePreset];
  var token = body.dataset.csrfToken;
  if (token) {
    config.requestInterceptor = function (request) {
      request.headers["X-CSRFToken"] = token;
      return request;
    };
  }
  SwaggerUIBundle(config);
})();
