"use strict";
(() => {
  const data = JSON.parse(document.getElementById("lq-data").textContent);
  const form = document.getElementById("lq-form");
  const bar = document.getElementById("lq-bar");
  const status = document.getElementById("lq-status");
  const saved = document.getElementById("lq-saved");
  const groups = [...form.querySelectorAll("fieldset[data-group]")];
  const relationship = groups[0];
  const questions = groups.slice(1);
  // Up to this many open questions are named by number; more are counted.
  const FEW = 5;
  // The group last focused: "Next open question" goes on from there (the button has the focus).
  let lastVisited = -1;

  const picked = (group) => {
    const input = group.querySelector("input:checked");
    return input ? input.value : null;
  };
  const open = () => groups.filter((group) => picked(group) === null);

  function describe(left) {
    if (left.length === 0) {
      return "Every question has an answer. Press Save.";
    }
    const parts = [];
    const numbers = left.filter((g) => g !== relationship).map((g) => g.dataset.number);
    if (numbers.length === 1) {
      parts.push(`question ${numbers[0]}`);
    } else if (numbers.length > 1 && numbers.length <= FEW) {
      parts.push(`questions ${numbers.slice(0, -1).join(", ")} and ${numbers.at(-1)}`);
    } else if (numbers.length > FEW) {
      parts.push(`${numbers.length} of ${questions.length} questions`);
    }
    if (left.includes(relationship)) {
      parts.push(`who you are to ${data.name}`);
    }
    return `Still open: ${parts.join(", and ")}.`;
  }

  function update() {
    const checked = form.classList.contains("checked");
    for (const group of groups) {
      const isOpen = picked(group) === null;
      group.classList.toggle("answered", !isOpen);
      group.querySelector(".open-note").hidden = !(isOpen && checked);
    }
    status.textContent = describe(open());
  }

  function goTo(group) {
    group.scrollIntoView({ block: "center" });
    const target = group.querySelector("input:checked") || group.querySelector("input");
    target.focus({ preventScroll: true });
  }

  function nextOpen() {
    const left = open();
    if (left.length === 0) {
      document.getElementById("lq-save").focus();
      return;
    }
    goTo(left.find((group) => groups.indexOf(group) > lastVisited) || left[0]);
  }

  function response() {
    const lines = [data.header + data.relationship[picked(relationship)], "answers:"];
    questions.forEach((group, index) => {
      const value = picked(group);
      if (value !== null) {
        lines.push(data.answers[index][value]);
      }
    });
    return lines.join("\n") + "\n";
  }

  function save() {
    form.classList.add("checked");
    update();
    const left = open();
    if (left.length > 0) {
      saved.textContent = "Not saved yet: a response needs every answer (“Can't say” counts as one).";
      goTo(left[0]);
      return;
    }
    const url = URL.createObjectURL(new Blob([response()], { type: "application/yaml" }));
    const link = document.createElement("a");
    link.href = url;
    link.download = data.file;
    link.hidden = true;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60000);
    saved.textContent = `Saved as ${data.file}. Send that file back to ${data.send_to}.`;
  }

  form.addEventListener("change", () => {
    saved.textContent = "";
    update();
  });
  form.addEventListener("focusin", (event) => {
    lastVisited = groups.findIndex((group) => group.contains(event.target));
  });
  form.addEventListener("submit", (event) => event.preventDefault());
  document.getElementById("lq-next").addEventListener("click", nextOpen);
  document.getElementById("lq-save").addEventListener("click", save);
  bar.hidden = false;
  update();
})();
