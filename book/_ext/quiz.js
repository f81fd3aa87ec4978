/* CRM Lab self-check quiz (book/_ext/quiz.py writes the items into the page).
   Works offline with no library: answers are checked here, results are kept in
   this browser's localStorage only, nothing is sent anywhere. */
(function () {
  "use strict";
  var FORMS = {
    translation: "英汉互译 Translation", single: "单选 Single choice",
    multiple: "多选 Multiple choice", true_false: "判断 True or false",
    term: "名词解释 Define", short: "简答 Short answer", essay: "论述 Essay",
    "case": "案例分析 Case", skill: "技能实训 Skill"
  };
  var LETTERS = "ABCDE";

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) node.textContent = text;
    return node;
  }
  function normal(text) {
    return String(text).toLowerCase().replace(/[\s\u3000]+/g, " ")
      .replace(/^[\s"'“”‘’]+|[\s.。,，;；!！"'“”‘’]+$/g, "");
  }
  function number(text) {
    var t = String(text).replace(/[,\s\u00a0]/g, "");
    var percent = /%$/.test(t);
    if (percent) t = t.slice(0, -1);
    if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(t)) return null;
    return percent ? parseFloat(t) / 100 : parseFloat(t);
  }
  function store(key) {
    try { return JSON.parse(window.localStorage.getItem(key)) || {}; } catch (e) { return {}; }
  }
  function save(key, results) {
    try { window.localStorage.setItem(key, JSON.stringify(results)); } catch (e) { /* private mode */ }
  }

  function Quiz(root) {
    this.root = root;
    this.key = "crmlab-quiz:" + root.getAttribute("data-quiz");
    this.items = JSON.parse(root.querySelector(".crm-quiz-data").textContent);
    this.results = store(this.key);
    this.score = el("p", { "class": "crm-quiz-score", "aria-live": "polite" });
    root.appendChild(this.score);
    var list = el("ol", { "class": "crm-quiz-items" });
    this.items.forEach(function (item) { list.appendChild(this.draw(item)); }, this);
    root.appendChild(list);
    var reset = el("button", { type: "button", "class": "crm-quiz-reset" }, "Clear my results");
    reset.addEventListener("click", function () {
      this.results = {}; save(this.key, {}); this.update();
    }.bind(this));
    root.appendChild(reset);
    this.update();
  }

  Quiz.prototype.update = function () {
    var ids = Object.keys(this.results);
    var right = ids.filter(function (id) { return this.results[id]; }, this).length;
    this.score.textContent = "Checked so far: " + ids.length + " of " + this.items.length +
      " questions, " + right + " right (kept in this browser only).";
  };

  Quiz.prototype.record = function (item, right) {
    if (right === null) return;
    this.results[item.id] = right;
    save(this.key, this.results);
    this.update();
  };

  Quiz.prototype.draw = function (item) {
    var box = el("li", { "class": "crm-quiz-item", "data-id": item.id, "data-form": item.f });
    box.appendChild(el("p", { "class": "crm-quiz-form" }, FORMS[item.f] || item.f));
    var question = el("p", { "class": "crm-quiz-question" });
    box.appendChild(question);
    var answer = el("div", { "class": "crm-quiz-answer" });
    box.appendChild(answer);
    var feedback = el("div", { "class": "crm-quiz-feedback", "aria-live": "polite" });
    box.appendChild(feedback);
    var state = { variant: 0 };
    var show = function (right, text, extra) {
      feedback.textContent = "";
      feedback.className = "crm-quiz-feedback " + (right === true ? "right" : right === false ? "wrong" : "shown");
      var verdict = right === true ? "Right. " : right === false ? "Not right. " : "";
      feedback.appendChild(el("p", { "class": "crm-quiz-verdict" }, verdict + (text || "")));
      (extra || []).forEach(function (node) { feedback.appendChild(node); });
      var explanation = item.v ? item.v[state.variant][2] : item.e;
      feedback.appendChild(el("p", { "class": "crm-quiz-explanation" }, explanation));
      var read = el("p", { "class": "crm-quiz-read" }, "Read: ");
      read.appendChild(el("a", { href: item.s[1] }, item.s[0]));
      feedback.appendChild(read);
      this.record(item, right);
    }.bind(this);
    var prompt = item.f === "translation"
      ? (item.r === "en-zh" ? "Translate into Chinese: " : "Translate into English: ") : "";
    question.textContent = prompt + (item.v ? item.v[0][0] : item.q);
    if (item.f === "single" || item.f === "multiple") this.choices(item, answer, show);
    else if (item.f === "true_false") this.trueFalse(item, answer, show);
    else if (item.f === "skill" || item.f === "translation") {
      this.typed(item, answer, show, state, question, feedback);
    } else this.written(item, answer, show);
    return box;
  };

  Quiz.prototype.choices = function (item, answer, show) {
    var multiple = item.f === "multiple";
    var wanted = multiple ? item.a : [item.a];
    var inputs = item.o.map(function (option, i) {
      var label = el("label", { "class": "crm-quiz-option" });
      var input = el("input", { type: multiple ? "checkbox" : "radio", name: item.id, value: LETTERS[i] });
      label.appendChild(input);
      label.appendChild(document.createTextNode(" " + LETTERS[i] + ". " + option));
      answer.appendChild(label);
      return input;
    });
    var check = function () {
      var chosen = inputs.filter(function (i) { return i.checked; }).map(function (i) { return i.value; });
      var right = chosen.join("") === wanted.slice().sort().join("");
      show(right, "The answer is " + wanted.join(", ") + ".");
    };
    if (multiple) {
      var button = el("button", { type: "button", "class": "crm-quiz-check" }, "Check");
      button.addEventListener("click", check);
      answer.appendChild(button);
    } else {
      inputs.forEach(function (input) { input.addEventListener("change", check); });
    }
  };

  Quiz.prototype.trueFalse = function (item, answer, show) {
    [true, false].forEach(function (value) {
      var button = el("button", { type: "button", "class": "crm-quiz-check" }, value ? "True" : "False");
      button.addEventListener("click", function () {
        show(value === item.a, "The statement is " + (item.a ? "true." : "false."));
      });
      answer.appendChild(button);
    });
  };

  Quiz.prototype.typed = function (item, answer, show, state, question, feedback) {
    var input = el("input", { type: "text", "class": "crm-quiz-input", "aria-label": "Your answer" });
    var button = el("button", { type: "button", "class": "crm-quiz-check" }, "Check");
    answer.appendChild(input);
    answer.appendChild(button);
    var check = function () {
      if (!input.value.trim()) return;
      if (item.f === "translation") {
        var accepted = [item.a].concat(item.c || []);
        var right = accepted.map(normal).indexOf(normal(input.value)) >= 0;
        show(right, "The glossary's wording: " + item.a +
          (item.c ? " (also accepted: " + item.c.join(", ") + ")." : "."));
        return;
      }
      var wanted = item.v ? item.v[state.variant][1] : item.a;
      var typed = number(input.value);
      var tolerance = 0.5 * Math.pow(10, -item.d) + 1e-9;
      if (typed === null) { show(null, "Type a number, e.g. 0.25 or 1200."); return; }
      show(Math.abs(typed - wanted) <= tolerance, "The answer is " + wanted + ".");
    };
    button.addEventListener("click", check);
    input.addEventListener("keydown", function (event) { if (event.key === "Enter") check(); });
    if (item.v && item.v.length > 1) {
      var again = el("button", { type: "button", "class": "crm-quiz-new" }, "New numbers");
      again.addEventListener("click", function () {
        state.variant = (state.variant + 1) % item.v.length;
        question.textContent = item.v[state.variant][0];
        input.value = "";
        feedback.textContent = "";
        feedback.className = "crm-quiz-feedback";
      });
      answer.appendChild(again);
    }
  };

  Quiz.prototype.written = function (item, answer, show) {
    var text = el("textarea", { rows: "4", "class": "crm-quiz-text", "aria-label": "Your answer" });
    var button = el("button", { type: "button", "class": "crm-quiz-check", disabled: "" }, "Show the model answer");
    text.addEventListener("input", function () { button.disabled = !text.value.trim(); });
    button.addEventListener("click", function () {
      var model = el("div", { "class": "crm-quiz-model" });
      model.appendChild(el("p", {}, "Model answer: " + item.a));
      model.appendChild(el("p", {}, "A grader looks for:"));
      var points = el("ul", {});
      (item.p || []).forEach(function (p) { points.appendChild(el("li", {}, p)); });
      model.appendChild(points);
      show(null, "Compare your answer with the model answer.", [model]);
    });
    answer.appendChild(text);
    answer.appendChild(button);
  };

  function start() {
    document.querySelectorAll(".crm-quiz").forEach(function (root) { new Quiz(root); });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
