// The query page: YASGUI against this server's endpoint, with the example queries in a menu.
// Autocompletion that would call other sites (LOV class/property lookups, prefix.cc) stays off,
// so the page works without internet access.
(function () {
  "use strict";
  const examples = JSON.parse(document.getElementById("example-queries").textContent);
  const endpoint = new URL(document.body.dataset.endpoint, window.location.href).href;
  const menu = document.getElementById("examples");
  if (typeof Yasgui === "undefined") {
    menu.disabled = true;
    return;
  }
  const yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: { endpoint: endpoint, method: "POST" },
    copyEndpointOnNewTab: true,
    endpointCatalogueOptions: { getData: function () { return [{ endpoint: endpoint }]; } },
    corsProxy: undefined,
    yasqe: { autocompleters: ["prefixes", "variables"], prefixCcApi: null },
  });
  // a tab restored from an earlier visit keeps this server's endpoint
  yasgui.getTab().setEndpoint(endpoint);
  menu.addEventListener("change", function () {
    const chosen = examples.find(function (example) { return example.name === menu.value; });
    if (!chosen) { return; }
    const tab = yasgui.getTab();
    tab.setEndpoint(endpoint);
    tab.setQuery(chosen.text);
  });
})();
