// The web sample's page: plain JavaScript, no build step. Every /api call carries the X-Images-Sample header, which
// the app requires so that another site's form cannot make it spend the API key.
"use strict";

const pageHeader = { "X-Images-Sample": "1" };
const generateForm = document.getElementById("generate-form");
const editForm = document.getElementById("edit-form");

// The app's own limits, from /api/status; until it answers, the app checks alone.
const limits = { maxFileBytes: Infinity };

// ---- where requests go -------------------------------------------------------------------------------------------
async function showBackend() {
  const banner = document.getElementById("backend");
  try {
    const status = await (await fetch("/api/status")).json();
    banner.textContent = status.notice;
    banner.classList.toggle("offline", status.offline);
    limits.maxFileBytes = status.max_file_bytes ?? Infinity;
  } catch {
    banner.textContent = "The app is not answering.";
  }
}

// ---- errors next to the fields they name --------------------------------------------------------------------------
function clearErrors(form) {
  for (const slot of form.querySelectorAll("[data-error-for]")) {
    slot.textContent = "";
  }
  for (const input of form.querySelectorAll("[aria-invalid]")) {
    input.removeAttribute("aria-invalid");
  }
  const box = form.querySelector("[data-form-error]");
  box.hidden = true;
  box.replaceChildren();
}

// The SDK names fields as the API does: "n", "size", "image[0]", "image[]"; the form's slots use the bare name.
function slotFor(form, field) {
  const name = field.replace(/\[.*$/, "");
  return form.querySelector(`[data-error-for="${CSS.escape(name)}"]`);
}

// A field's error goes once its value changes; a new model changes every rule, so it clears them all. The message
// above the form goes with the last field error it summed up.
function clearFixed(event) {
  const form = event.currentTarget;
  const input = event.target;
  const slots = input.name === "model"
    ? form.querySelectorAll("[data-error-for]")
    : [input.closest("label")?.querySelector("[data-error-for]")].filter(Boolean);
  for (const slot of slots) {
    slot.textContent = "";
    slot.closest("label")?.querySelector("[aria-invalid]")?.removeAttribute("aria-invalid");
  }
  const box = form.querySelector("[data-form-error]");
  const left = [...form.querySelectorAll("[data-error-for]")].some(slot => slot.textContent);
  if (box.dataset.kind === "validation" && !left && !box.querySelector("[data-field]")) {
    box.hidden = true;
    box.replaceChildren();
  }
}

// On a phone the result and the message above the form can be a screen away from the button just pressed.
function reveal(element) {
  const box = element.getBoundingClientRect();
  if (box.top < 0 || box.top > window.innerHeight - 120) {
    const smooth = !window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    element.scrollIntoView({ behavior: smooth ? "smooth" : "auto", block: "start" });
  }
}

function showError(form, error) {
  const box = form.querySelector("[data-form-error]");
  const message = document.createElement("p");
  message.textContent = error.message;
  box.append(message);
  box.dataset.kind = error.kind;
  for (const fieldError of error.errors ?? []) {
    const slot = slotFor(form, fieldError.field);
    if (slot) {
      slot.textContent = slot.textContent ? `${slot.textContent} ${fieldError.message}` : fieldError.message;
      slot.closest("label")?.querySelector("input, select, textarea")?.setAttribute("aria-invalid", "true");
    } else {
      const other = document.createElement("p");
      other.dataset.field = fieldError.field;
      other.textContent = `${fieldError.field}: ${fieldError.message}`;
      box.append(other);
    }
  }
  box.hidden = false;
  reveal(form.querySelector("[aria-invalid]")?.closest("label") ?? box);
}

async function readError(response) {
  try {
    return await response.json();
  } catch {
    return { kind: "failed", message: `The app answered ${response.status} ${response.statusText}.` };
  }
}

// ---- the result panel ------------------------------------------------------------------------------------------------
function resetResult() {
  document.getElementById("result-empty").hidden = true;
  document.getElementById("progress").replaceChildren();
  document.getElementById("partials").replaceChildren();
  document.getElementById("finals").replaceChildren();
  reveal(document.getElementById("result"));
}

function progress(text) {
  const item = document.createElement("li");
  item.textContent = text;
  document.getElementById("progress").append(item);
  return item;
}

// ---- the phases of a call that does not stream (edits, DALL·E) -------------------------------------------------------
// One line per phase, in the order they come; the line of the phase under way is marked current and updated in place
// (an upload's figures), and no line is current once the call has ended.
function size(bytes) {
  return bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} KB` : `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

function phaseText(report) {
  switch (report.phase) {
    case "waiting_for_rate_limit":
      return `Waiting for this app's rate limit: ${Math.ceil(report.wait_seconds ?? 0)} s`;
    case "sending":
      return report.total_bytes != null
        ? `Uploading ${size(report.bytes_sent ?? 0)} of ${size(report.total_bytes)}`
        : `Uploading ${size(report.bytes_sent ?? 0)}`;
    case "waiting_for_service":
      return "Waiting for the service…";
    case "reading":
      return "Reading the answer";
    case "downloading":
      return `Downloading image ${(report.image_index ?? 0) + 1}`;
    default:
      return "Saving";
  }
}

function showPhase(report) {
  const current = document.querySelector("#progress [aria-current]");
  if (current?.dataset.phase === report.phase) {
    current.textContent = phaseText(report);
    return;
  }
  endPhases();
  const line = progress(phaseText(report));
  line.dataset.phase = report.phase;
  line.setAttribute("aria-current", "step");
}

function endPhases() {
  document.querySelector("#progress [aria-current]")?.removeAttribute("aria-current");
}

// Reads the app's events to the end: progress, partial images, the final images, or the error that ended the call.
async function follow(form, response) {
  let phases = false;
  for await (const { type, data } of readEvents(response)) {
    if (type === "progress") {
      phases = true;
      showPhase(data);
    } else if (type === "partial") {
      showPartial(data);
    } else if (type === "completed") {
      endPhases();
      showFinal(data);
    } else if (type === "error") {
      endPhases();
      showError(form, data);
      progress(phases ? "The call failed" : "The stream broke off");
    }
  }
}

function showPartial(partial) {
  const figure = document.createElement("figure");
  figure.className = "partial";
  const img = document.createElement("img");
  img.src = partial.image;
  img.alt = `Partial image ${partial.index + 1}`;
  const caption = document.createElement("figcaption");
  caption.textContent = `Partial ${partial.index + 1}`;
  figure.append(img, caption);
  document.getElementById("partials").append(figure);
  progress(`Partial image ${partial.index + 1} received`);
}

function meta(list, term, value) {
  if (value === undefined || value === null || value === "") {
    return;
  }
  const dt = document.createElement("dt");
  dt.textContent = term;
  const dd = document.createElement("dd");
  dd.textContent = value;
  list.append(dt, dd);
}

function imageCard(entry) {
  const card = document.getElementById("image-card").content.firstElementChild.cloneNode(true);
  card.dataset.id = entry.id;
  card.querySelector("a").href = entry.url;
  const img = card.querySelector("img");
  img.src = entry.url;
  img.alt = entry.prompt;
  card.querySelector(".prompt").textContent = entry.prompt;
  const revised = card.querySelector(".revised");
  if (entry.revised_prompt) {
    revised.textContent = `Revised prompt: ${entry.revised_prompt}`;
  } else {
    revised.remove();
  }
  const list = card.querySelector(".meta");
  meta(list, "Operation", entry.operation);
  meta(list, "Model", entry.model);
  meta(list, "Size", entry.size);
  meta(list, "Quality", entry.quality);
  meta(list, "Format", entry.output_format ?? entry.media_type);
  if (entry.usage) {
    meta(list, "Tokens", `${entry.usage.input_tokens} in · ${entry.usage.output_tokens} out · ${entry.usage.total_tokens} total`);
  }
  meta(list, "Created", new Date(entry.created).toLocaleString());
  meta(list, "Request id", entry.request_id);
  meta(list, "File", `${entry.media_type}, ${(entry.bytes / 1024).toFixed(1)} KB`);
  return card;
}

function showFinal(entry) {
  const card = imageCard(entry);
  card.classList.add("final");
  document.getElementById("finals").append(card);
  progress("Final image received");
  addToGallery(entry);
}

// ---- the gallery -----------------------------------------------------------------------------------------------------
function addToGallery(entry) {
  document.getElementById("gallery-empty").hidden = true;
  document.getElementById("gallery").prepend(imageCard(entry));
}

// The app keeps the newest images only, and other tabs add to it too: the page shows what the app still has, in its
// order, so no card points at an image that is gone. Cards already shown are kept, so their images do not load again.
async function loadGallery() {
  let entries;
  try {
    entries = await (await fetch("/api/gallery")).json();
  } catch {
    return;
  }
  const gallery = document.getElementById("gallery");
  const shown = new Map([...gallery.children].map(card => [card.dataset.id, card]));
  gallery.replaceChildren(...entries.map(entry => shown.get(entry.id) ?? imageCard(entry)));
  document.getElementById("gallery-empty").hidden = entries.length > 0;

  // A result on screen keeps the picture it loaded, but its link would now open a 404.
  const kept = new Set(entries.map(entry => entry.id));
  for (const card of document.querySelectorAll("#finals .image-card")) {
    if (!kept.has(card.dataset.id)) {
      card.querySelector("a")?.removeAttribute("href");
    }
  }
}

// ---- server-sent events from a POST (EventSource only does GET) -------------------------------------------------------
async function* readEvents(response) {
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) {
      return;
    }
    buffer += value.replace(/\r\n?/g, "\n");
    let end;
    while ((end = buffer.indexOf("\n\n")) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let type = "message";
      const data = [];
      for (const line of block.split("\n")) {
        if (line.startsWith("event:")) {
          type = line.slice(6).trim();
        } else if (line.startsWith("data:")) {
          data.push(line.slice(5).replace(/^ /, ""));
        }
      }
      if (data.length > 0) {
        yield { type, data: JSON.parse(data.join("\n")) };
      }
    }
  }
}

function numberOrNull(value) {
  return value === "" ? null : Number(value);
}

async function generate(event) {
  event.preventDefault();
  const form = generateForm;
  const fields = new FormData(form);
  const body = {
    prompt: fields.get("prompt"),
    model: fields.get("model"),
    size: fields.get("size"),
    quality: fields.get("quality"),
    output_format: fields.get("output_format"),
    n: numberOrNull(fields.get("n")),
    partial_images: form.elements.partial_images.disabled ? null : numberOrNull(fields.get("partial_images")),
  };

  clearErrors(form);
  const button = form.querySelector("button");
  button.disabled = true;
  button.textContent = "Generating…";
  try {
    const response = await fetch("/api/generations", {
      method: "POST",
      headers: { "Content-Type": "application/json", ...pageHeader },
      body: JSON.stringify(body),
    });
    if (!response.ok) {
      showError(form, await readError(response));
      return;
    }
    resetResult();
    progress(`Request sent to ${body.model}`);
    await follow(form, response);
  } catch (failure) {
    showError(form, { kind: "failed", message: `The request failed: ${failure.message}` });
  } finally {
    endPhases();
    button.disabled = false;
    button.textContent = "Generate";
    loadGallery();
  }
}

// A file the app would refuse is named before it is uploaded, in the words the app would use.
function oversizedFiles(form) {
  const megabytes = Math.floor(limits.maxFileBytes / (1024 * 1024));
  return [...form.querySelectorAll("input[type=file]")]
    .filter(input => [...input.files].some(file => file.size >= limits.maxFileBytes))
    .map(input => ({ field: input.name, message: `${input.name} is ${megabytes} MB or more; this app takes files smaller than ${megabytes} MB` }));
}

async function edit(event) {
  event.preventDefault();
  const form = editForm;
  clearErrors(form);
  const oversized = oversizedFiles(form);
  if (oversized.length > 0) {
    const fields = oversized.length === 1 ? "one field needs a change" : `${oversized.length} fields need a change`;
    showError(form, { kind: "validation", message: `The request was not sent: ${fields}.`, errors: oversized });
    return;
  }
  const button = form.querySelector("button");
  button.disabled = true;
  button.textContent = "Editing…";
  try {
    const response = await fetch("/api/edits", { method: "POST", headers: pageHeader, body: new FormData(form) });
    if (!response.ok) {
      showError(form, await readError(response));
      return;
    }
    resetResult();
    progress(`Edit sent to ${form.elements.model.value}`);
    await follow(form, response);
  } catch (failure) {
    showError(form, { kind: "failed", message: `The request failed: ${failure.message}` });
  } finally {
    endPhases();
    button.disabled = false;
    button.textContent = "Edit";
    loadGallery();
  }
}

// DALL·E models do not stream, so partial images do not apply to them.
function syncStreaming() {
  const dallE = generateForm.elements.model.value.startsWith("dall-e");
  generateForm.elements.partial_images.disabled = dallE;
  generateForm.querySelector("[data-streaming-hint]").textContent = dallE
    ? "DALL·E does not stream; the image comes at once"
    : "streamed while the image is drawn";
}

generateForm.addEventListener("submit", generate);
editForm.addEventListener("submit", edit);
for (const form of [generateForm, editForm]) {
  form.addEventListener("input", clearFixed);
  form.addEventListener("change", clearFixed);
}
document.addEventListener("visibilitychange", () => {
  if (document.visibilityState === "visible") {
    loadGallery();
  }
});
generateForm.elements.model.addEventListener("change", syncStreaming);
syncStreaming();
showBackend();
loadGallery();
