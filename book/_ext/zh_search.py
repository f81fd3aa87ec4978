"""Chinese full-text search that finds phrases typed without spaces.

Sphinx's Chinese search (``html_search_language: zh``) segments the pages
with jieba when it builds the index, but in the browser it splits a query only
at spaces and punctuation: 客户终身价值 is looked up as one word, which jieba
indexed as 客户 / 终身 / 价值, so nothing is found. This extension replaces
the ``zh`` search language with one whose ``splitQuery`` segments each run of
Chinese characters by forward maximum matching against the index's own
vocabulary (the words jieba produced), so a query finds the pages that contain
all of its words. Chinese characters left over that are not in the index are
dropped (jieba indexes no single characters).

It also sets the search ``Scorer``: a glossary entry (an anchor ``#term-...``)
and the API reference (``book/api``) are listed after the pages that teach the
term; Sphinx would otherwise put an exact index-entry match of the glossary, or
a function whose docstring names the term, before the chapter. A query that is
a glossary term, in English or Chinese, lists the chapter whose glossary holds
it first: Sphinx scores a page by its best-matching word and breaks ties by
title, so a later chapter that uses the term's words (客户 and 资产 in credit
analysis) could otherwise come before the chapter that teaches it. And it
works around a Sphinx 7.4 bug: a result found through an index entry with no
text of its own made the search page throw ``appendChild(null)``.
"""

from __future__ import annotations

import json
from pathlib import Path

from crm_units import read_glossary, written_units
from sphinx.application import Sphinx
from sphinx.search.zh import SearchChinese

# Jinja renders this into language_data.js before searchtools.js runs; the
# index (Search._index) is loaded when splitQuery is called.
SPLITTER_JS = r"""
var splitQuery = function (query) {
  var index = (typeof Search !== "undefined" && Search._index) || {};
  var terms = index.terms || {};
  var titleterms = index.titleterms || {};
  var han = /[\u3400-\u9fff\uf900-\ufaff]/u;
  var words = [];
  query.split(/[^\p{Letter}\p{Number}_\p{Emoji_Presentation}]+/gu).forEach(function (chunk) {
    (chunk.match(/[\u3400-\u9fff\uf900-\ufaff]+|[^\u3400-\u9fff\uf900-\ufaff]+/gu) || []).forEach(function (part) {
      if (!han.test(part)) { words.push(part); return; }
      var start = 0;
      while (start !== part.length) {
        var size = Math.min(8, part.length - start);
        while (size !== 1 && !(part.substr(start, size) in terms || part.substr(start, size) in titleterms)) size -= 1;
        var word = part.substr(start, size);
        if (size !== 1 || word in terms || word in titleterms) words.push(word);
        start += size;
      }
    });
  });
  return words;
};
// Sphinx 7.4 appends a result's summary without checking that there is one:
// an index anchor (an empty <span id="index-N">) has no text, and
// appendChild(null) throws. Such a result gets the page's summary instead.
document.addEventListener("DOMContentLoaded", function () {
  if (typeof Search === "undefined" || !Search.makeSearchSummary) return;
  var makeSummary = Search.makeSearchSummary;
  Search.makeSearchSummary = function (htmlText, keywords, anchor) {
    return makeSummary(htmlText, keywords, anchor)
      || makeSummary(htmlText, keywords, "") || document.createElement("p");
  };
});
var Scorer = {
  score: function (result) {
    var reference = result[0] === "book/api" || String(result[2]).indexOf("#term-") === 0;
    if (reference) return Math.min(result[4], 1);
    var query = new URLSearchParams(window.location.search).get("q") || "";
    var teacher = CRM_TEACHES[query.trim().toLowerCase()];
    return teacher === result[0] ? result[4] + 20 : result[4];
  },
  objNameMatch: 11,
  objPartialMatch: 6,
  objPrio: { 0: 15, 1: 5, 2: -5 },
  objPrioDefault: 0,
  title: 15,
  partialTitle: 7,
  term: 5,
  partialTerm: 2
};
"""


class SearchChineseSegmented(SearchChinese):
    """Sphinx's Chinese search with a query splitter that segments Chinese."""

    js_splitter_code = SPLITTER_JS


def _teaching_pages(app: Sphinx) -> None:
    """Write each glossary term's chapter (``CRM_TEACHES``) into the scorer."""
    root = Path(app.srcdir)
    units = written_units(root, root / app.config.external_toc_path)
    teaches = {}
    for term in read_glossary(units, root):
        teaches[term["english"].lower()] = term["docname"]
        teaches[term["chinese"]] = term["docname"]
    table = json.dumps(teaches, ensure_ascii=False, sort_keys=True)
    SearchChineseSegmented.js_splitter_code = (
        f"var CRM_TEACHES = {table};\n{SPLITTER_JS}"
    )


def setup(app: Sphinx) -> dict[str, object]:
    app.add_search_language(SearchChineseSegmented)
    app.connect("builder-inited", _teaching_pages)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "0.1"}
