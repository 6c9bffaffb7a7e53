// Speak it: record the answer from the microphone, part by part, in the page.
// The audio never leaves the page except to this widget's own kernel: on Stop it is
// resampled to 16 kHz mono, sent as 16-bit PCM ("audio") with the moments the speaker moved
// on ("marks", seconds), and analysed in Python (starkit.practice.speech).

const RATE = 16000;
const WORKLET = `
class Tap extends AudioWorkletProcessor {
  process(inputs) {
    const ch = inputs[0] && inputs[0][0];
    if (ch) this.port.postMessage(ch.slice(0));
    return true;
  }
}
registerProcessor("starkit-tap", Tap);
`;

function clock(seconds) {
  const sign = seconds < 0 ? "-" : "";
  const s = Math.abs(Math.round(seconds));
  return `${sign}${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}

function typing(target) {
  const tag = (target && target.tagName) || "";
  return tag === "TEXTAREA" || tag === "INPUT" || tag === "SELECT" ||
    (target && target.isContentEditable);
}

const MESSAGES = {
  denied: "The browser did not allow the microphone, so nothing is recorded. To speak your " +
    "answer, allow the microphone for this page (the icon in the address bar) and press Start " +
    "again. Everything else works without it: type your answer and it is scored as usual.",
  "no-device": "No microphone was found, so nothing is recorded. Plug one in and press Start " +
    "again, or type your answer: everything else works without it.",
  unavailable: "This page cannot use a microphone (recording needs https or localhost). " +
    "Type your answer: everything else works without it.",
};

function render({ model, el }) {
  el.classList.add("starkit-recorder");
  el.innerHTML = `
    <div class="sk-rec-row">
      <button type="button" class="sk-rec-start">Start speaking</button>
      <button type="button" class="sk-rec-next" disabled>Next part (space)</button>
      <button type="button" class="sk-rec-stop" disabled>Stop</button>
      <span class="sk-rec-meter" role="meter" aria-label="Microphone level"
            aria-valuemin="0" aria-valuemax="100" aria-valuenow="0"><span></span></span>
    </div>
    <div class="sk-rec-row">
      <span class="sk-rec-part" aria-live="polite"></span>
      <span class="sk-rec-clock"></span>
    </div>
    <div class="sk-rec-status" role="status" aria-live="polite"></div>`;
  const $ = (sel) => el.querySelector(sel);
  const startBtn = $(".sk-rec-start"), nextBtn = $(".sk-rec-next"), stopBtn = $(".sk-rec-stop");
  const meter = $(".sk-rec-meter"), bar = $(".sk-rec-meter span");
  const partEl = $(".sk-rec-part"), clockEl = $(".sk-rec-clock"), statusEl = $(".sk-rec-status");

  let ctx = null, stream = null, src = null, tap = null, analyser = null, sink = null;
  let chunks = [], samples = 0, marks = [], part = 0, timer = null;

  const parts = () => model.get("parts");
  const names = () => model.get("labels");
  const targets = () => model.get("targets");
  const elapsed = () => (ctx ? samples / ctx.sampleRate : 0);

  function say(text, kind) {
    statusEl.textContent = text;
    statusEl.className = "sk-rec-status" + (kind ? " sk-rec-" + kind : "");
  }

  function fail(status, detail) {
    const text = MESSAGES[status] || ("Recording stopped: " + detail);
    say(text, "problem");
    model.set("status", status);
    model.set("message", text);
    model.save_changes();
    teardown();
    startBtn.disabled = false;
    nextBtn.disabled = true;
    stopBtn.disabled = true;
  }

  function show() {
    const t = elapsed();
    const budget = model.get("budget");
    const left = budget - t;
    const since = t - (part === 0 ? 0 : marks[part - 1]);
    const target = targets()[part] || 0;
    partEl.textContent = `${names()[part]}: ${clock(since)} of ${clock(target)}`;
    partEl.classList.toggle("sk-rec-over", since > target);
    clockEl.textContent = left >= 0 ? `${clock(left)} left of ${clock(budget)}`
      : `${clock(-left)} over ${clock(budget)}`;
    clockEl.classList.toggle("sk-rec-over", left < 0);
    nextBtn.textContent = part + 1 < parts().length
      ? `Next: ${names()[part + 1]} (space)` : "Finish (space)";
    if (analyser) {
      const buf = new Float32Array(analyser.fftSize);
      analyser.getFloatTimeDomainData(buf);
      let sum = 0;
      for (let i = 0; i < buf.length; i++) sum += buf[i] * buf[i];
      const db = 20 * Math.log10(Math.sqrt(sum / buf.length) + 1e-9);
      const level = Math.max(0, Math.min(100, Math.round((db + 60) * 100 / 60)));
      bar.style.width = level + "%";
      meter.setAttribute("aria-valuenow", String(level));
    }
  }

  function teardown() {
    if (timer) clearInterval(timer);
    timer = null;
    document.removeEventListener("keydown", onKey, true);
    if (stream) stream.getTracks().forEach((t) => t.stop());
    for (const node of [src, tap, analyser, sink]) {
      try { if (node) node.disconnect(); } catch (e) { /* already gone */ }
    }
    stream = src = tap = analyser = sink = null;
  }

  function onKey(ev) {
    if (ev.code !== "Space" && ev.key !== " ") return;
    if (typing(ev.target)) return;
    // on one of these buttons, space is that button's own click: let it be the only one
    if (el.contains(ev.target) && ev.target.tagName === "BUTTON") return;
    ev.preventDefault();
    next();
  }

  function next() {
    if (!stream) return;
    if (part + 1 >= parts().length) { stop(); return; }
    marks.push(elapsed());
    part += 1;
    show();
  }

  async function start() {
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
      fail("unavailable", "");
      return;
    }
    startBtn.disabled = true;
    say("Asking for the microphone...", "");
    try {
      stream = await navigator.mediaDevices.getUserMedia({
        audio: { echoCancellation: false, noiseSuppression: false, autoGainControl: false },
      });
    } catch (err) {
      const name = (err && err.name) || "";
      if (name === "NotAllowedError" || name === "SecurityError") fail("denied", name);
      else if (name === "NotFoundError" || name === "OverconstrainedError" ||
               name === "NotReadableError") fail("no-device", name);
      else fail("error", `${name} ${(err && err.message) || err}`);
      return;
    }
    try {
      ctx = ctx || new AudioContext();
      await ctx.resume();
      chunks = []; samples = 0; marks = []; part = 0;
      src = ctx.createMediaStreamSource(stream);
      analyser = ctx.createAnalyser();
      analyser.fftSize = 1024;
      src.connect(analyser);
      sink = ctx.createGain();
      sink.gain.value = 0;  // the tap must reach the output to run; nothing is heard
      const take = (data) => { chunks.push(data); samples += data.length; };
      if (ctx.audioWorklet) {
        const url = URL.createObjectURL(new Blob([WORKLET], { type: "text/javascript" }));
        await ctx.audioWorklet.addModule(url);
        URL.revokeObjectURL(url);
        tap = new AudioWorkletNode(ctx, "starkit-tap");
        tap.port.onmessage = (ev) => take(ev.data);
      } else {
        tap = ctx.createScriptProcessor(4096, 1, 1);
        tap.onaudioprocess = (ev) => take(ev.inputBuffer.getChannelData(0).slice(0));
      }
      src.connect(tap);
      tap.connect(sink);
      sink.connect(ctx.destination);
    } catch (err) {
      fail("error", `${(err && err.message) || err}`);
      return;
    }
    document.addEventListener("keydown", onKey, true);
    nextBtn.disabled = false;
    stopBtn.disabled = false;
    model.set("status", "recording");
    model.set("message", "");
    model.save_changes();
    say("Recording. Speak your answer; press space (or Next) as you move to the next part.",
        "live");
    timer = setInterval(show, 100);
    show();
    nextBtn.focus();
  }

  async function stop() {
    if (!stream) return;
    const rate = ctx.sampleRate;
    const recorded = chunks;
    const n = samples;
    teardown();
    nextBtn.disabled = true;
    stopBtn.disabled = true;
    say("Working out your timings...", "");
    const whole = new Float32Array(n);
    let at = 0;
    for (const c of recorded) { whole.set(c, at); at += c.length; }
    let out = whole;
    if (rate !== RATE && n > 0) {
      const length = Math.max(1, Math.round(n * RATE / rate));
      const off = new OfflineAudioContext(1, length, RATE);
      const buffer = off.createBuffer(1, n, rate);
      buffer.copyToChannel(whole, 0);
      const node = off.createBufferSource();
      node.buffer = buffer;
      node.connect(off.destination);
      node.start();
      out = (await off.startRendering()).getChannelData(0);
    }
    const pcm = new Int16Array(out.length);
    for (let i = 0; i < out.length; i++) {
      const v = Math.max(-1, Math.min(1, out[i]));
      pcm[i] = v < 0 ? v * 32768 : v * 32767;
    }
    model.set("rate", RATE);
    model.set("marks", marks.slice());
    model.set("audio", new DataView(pcm.buffer));
    model.set("status", "done");
    model.save_changes();
    say(`Recorded ${clock(n / rate)}. Your timings are below.`, "done");
    startBtn.textContent = "Record again";
    startBtn.disabled = false;
    partEl.textContent = "";
    clockEl.textContent = "";
  }

  startBtn.addEventListener("click", start);
  nextBtn.addEventListener("click", next);
  stopBtn.addEventListener("click", stop);
  const message = model.get("message");
  if (message) say(message, "problem");
  return () => { teardown(); if (ctx) ctx.close(); };
}

export default { render };
