// The desk's one script (served as /static/desk.js; the CSP allows no inline script). Progressive
// enhancement only: the home page filters its list while you type; without this script the
// search form does the same on the server.
'use strict';
(function () {
  // Like the server's `fold` (cli/src/desk/pages.rs): NFKC, lower case, katakana as hiragana,
  // no spaces.
  function fold(text) {
    return Array.from(text.normalize('NFKC').toLowerCase().replace(/\s+/g, ''))
      .map(function (c) {
        var code = c.charCodeAt(0);
        return code >= 0x30a1 && code <= 0x30f6 ? String.fromCharCode(code - 0x60) : c;
      })
      .join('');
  }
  function init() {
    var input = document.querySelector('input[data-filter]');
    if (!input) return;
    var items = document.querySelectorAll('li.child[data-search]');
    function apply() {
      var needle = fold(input.value);
      items.forEach(function (li) {
        li.hidden = needle !== '' && li.dataset.search.indexOf(needle) < 0;
      });
    }
    input.addEventListener('input', apply);
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();
