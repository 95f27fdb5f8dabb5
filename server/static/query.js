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
  // IRIs this server describes open its own pages, in the same tab, not the IRI's (possibly
  // not yet resolving) home: the results table's links are rewritten as they appear
  const spaces = JSON.parse(document.getElementById("iri-spaces").textContent);
  function localPath(iri) {
    for (const [prefix, path] of spaces) {
      if (iri.startsWith(prefix) && iri.length > prefix.length) { return path + iri.slice(prefix.length); }
    }
    return null;
  }
  function relink(root) {
    root.querySelectorAll(".yasr a[href]").forEach(function (link) {
      const local = localPath(link.getAttribute("href"));
      if (local !== null) {
        link.setAttribute("href", local);
        link.removeAttribute("target");
        link.classList.add("local");
      }
    });
  }
  // a plain click on such a link follows it (YASR would take it to expand a shortened cell)
  document.getElementById("yasgui").addEventListener("click", function (event) {
    const link = event.target instanceof Element ? event.target.closest("a.local") : null;
    if (link !== null && event.button === 0) { event.stopPropagation(); }
  }, true);
  new MutationObserver(function () { relink(document); })
    .observe(document.getElementById("yasgui"), { childList: true, subtree: true });
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
