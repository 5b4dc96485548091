/* narrator's embeddable player. Plain script, no libraries: the page must work from any
 * static folder with nothing fetched from elsewhere. Every time it shows comes from the
 * data-start/data-end attributes the page was built with (the episode's VTT and chapters). */
(function () {
  "use strict";
  const audio = document.getElementById("audio");
  const controls = document.querySelector(".controls");
  const playButton = document.getElementById("play");
  const seek = document.getElementById("seek");
  const time = document.getElementById("time");
  const speed = document.getElementById("speed");
  const transcript = document.getElementById("transcript");
  const chapters = Array.from(document.querySelectorAll(".chapter"));
  const parts = Array.from(document.querySelectorAll(".part"));
  const sentences = Array.from(document.querySelectorAll(".s"));
  const chapterStarts = chapters.map((b) => parseFloat(b.dataset.start));
  const sentenceStarts = sentences.map((s) => parseFloat(s.dataset.start));
  const SKIP = 15;
  let duration = parseFloat(document.getElementById("player").dataset.duration) || 0;
  let chapterNow = -1, sentenceNow = -1, userScrolled = 0, frame = 0;

  // With the script running, our controls replace the browser's (which stay for no-JS readers).
  audio.removeAttribute("controls");
  audio.hidden = true;
  controls.hidden = false;

  function clock(t) {
    t = Math.max(0, Math.floor(t || 0));
    const h = Math.floor(t / 3600), m = Math.floor((t % 3600) / 60), s = t % 60;
    const ss = (s < 10 ? "0" : "") + s;
    return h ? h + ":" + (m < 10 ? "0" : "") + m + ":" + ss : m + ":" + ss;
  }

  // The last index whose start is <= t (-1 before the first): what is being heard at t.
  function indexAt(starts, t) {
    let lo = 0, hi = starts.length - 1, found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (starts[mid] <= t + 1e-3) { found = mid; lo = mid + 1; } else { hi = mid - 1; }
    }
    return found;
  }

  function showChapter(index) {
    if (index === chapterNow) return;
    chapterNow = index;
    chapters.forEach((b, i) => {
      if (i === index) b.setAttribute("aria-current", "true"); else b.removeAttribute("aria-current");
    });
    parts.forEach((p) => { p.hidden = parseInt(p.dataset.chapter, 10) !== index; });
    const b = chapters[index];
    if (b) {  // keep the current chapter in view in its sideways-scrolling row
      const row = b.closest(".chapters"), rb = b.getBoundingClientRect(), rr = row.getBoundingClientRect();
      if (rb.left < rr.left || rb.right > rr.right) row.scrollLeft += rb.left - rr.left - (rr.width - rb.width) / 2;
    }
  }

  function follow(el) {
    // Scroll the transcript box only (never the page around an <iframe>), and not while
    // the reader is scrolling it by hand.
    if (Date.now() - userScrolled < 4000) return;
    const box = transcript.getBoundingClientRect(), r = el.getBoundingClientRect();
    if (r.top < box.top || r.bottom > box.bottom) {
      transcript.scrollTop += r.top - box.top - box.height / 3;
    }
  }

  function showSentence(index) {
    if (index === sentenceNow) return;
    const old = sentences[sentenceNow];
    if (old) { old.classList.remove("now"); old.removeAttribute("aria-current"); }
    sentenceNow = index;
    const el = sentences[index];
    if (!el) return;
    el.classList.add("now");
    el.setAttribute("aria-current", "true");
    // Roving tab stop: Tab reaches the transcript once, at the sentence being read.
    if (!transcript.contains(document.activeElement)) {
      sentences.forEach((s) => { s.tabIndex = -1; });
      el.tabIndex = 0;
    }
    if (!el.closest(".part").hidden) follow(el);
  }

  function update() {
    const t = audio.currentTime;
    showChapter(Math.max(0, indexAt(chapterStarts, t)));
    showSentence(indexAt(sentenceStarts, t));
    if (isFinite(audio.duration) && audio.duration > 0) duration = audio.duration;
    seek.max = duration.toFixed(1);
    if (document.activeElement !== seek || audio.paused) seek.value = t.toFixed(1);
    time.textContent = clock(t) + " / " + clock(duration);
    seek.setAttribute("aria-valuetext", clock(t) + " من " + clock(duration));
  }

  function tick() {
    update();
    frame = audio.paused ? 0 : requestAnimationFrame(tick);
  }

  function setPlaying(playing) {
    playButton.setAttribute("aria-label", playing ? "إيقاف مؤقت" : "تشغيل");
    playButton.firstElementChild.textContent = playing ? "❚❚" : "▶";
  }

  function play() {
    const p = audio.play();
    if (p && p.catch) p.catch(() => {});  // refused autoplay: the button stays "play"
  }

  function jumpTo(t, andPlay) {
    audio.currentTime = Math.min(Math.max(0, t), duration || t);
    update();
    if (andPlay) play();
  }

  audio.addEventListener("play", () => { setPlaying(true); if (!frame) frame = requestAnimationFrame(tick); });
  audio.addEventListener("pause", () => { setPlaying(false); update(); });
  audio.addEventListener("ended", () => { setPlaying(false); update(); });
  ["timeupdate", "seeked", "loadedmetadata", "durationchange"].forEach((e) => audio.addEventListener(e, update));
  audio.addEventListener("ratechange", () => { speed.value = String(audio.playbackRate); });

  playButton.addEventListener("click", () => { if (audio.paused) play(); else audio.pause(); });
  document.getElementById("back").addEventListener("click", () => jumpTo(audio.currentTime - SKIP, false));
  document.getElementById("forward").addEventListener("click", () => jumpTo(audio.currentTime + SKIP, false));
  seek.addEventListener("input", () => jumpTo(parseFloat(seek.value), false));
  speed.addEventListener("change", () => {
    const rate = parseFloat(speed.value);
    audio.playbackRate = rate;
    audio.defaultPlaybackRate = rate;
  });
  chapters.forEach((b) => b.addEventListener("click", () => jumpTo(parseFloat(b.dataset.start), true)));
  sentences.forEach((s) => s.addEventListener("click", () => {
    userScrolled = 0;
    jumpTo(parseFloat(s.dataset.start), false);
  }));
  ["wheel", "touchmove"].forEach((e) => transcript.addEventListener(e, () => { userScrolled = Date.now(); },
                                                                    { passive: true }));

  function visibleSentences() {
    return sentences.filter((s) => !s.closest(".part").hidden);
  }

  document.addEventListener("keydown", (event) => {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    const target = event.target;
    const tag = target.tagName;
    if (tag === "INPUT" || tag === "SELECT" || tag === "TEXTAREA") return;  // their own keys
    if (event.key === " " && tag !== "BUTTON" && tag !== "A" && !target.classList.contains("s")) {
      event.preventDefault();
      if (audio.paused) play(); else audio.pause();
    } else if (event.key === "ArrowRight" || event.key === "ArrowLeft") {
      event.preventDefault();
      jumpTo(audio.currentTime + (event.key === "ArrowRight" ? SKIP : -SKIP), false);
    } else if ((event.key === "Enter" || event.key === " ") && target.classList.contains("s")) {
      event.preventDefault();  // a sentence behaves as the button its role says
      target.click();
    } else if ((event.key === "ArrowDown" || event.key === "ArrowUp") && target.classList.contains("s")) {
      // Within the transcript, up/down move between sentences (Enter or Space seeks there).
      const list = visibleSentences(), at = list.indexOf(target);
      const next = list[at + (event.key === "ArrowDown" ? 1 : -1)];
      if (next) {
        event.preventDefault();
        target.tabIndex = -1;
        next.tabIndex = 0;
        next.focus();
      }
    }
  });

  window.addEventListener("resize", () => {  // a rotated phone: bring the current chapter and sentence back into view
    const c = chapterNow, s = sentenceNow;
    chapterNow = sentenceNow = -2;
    showChapter(c);
    showSentence(s);
  });

  // "#t=SECONDS" (a media-fragment start) opens the player at that moment.
  const m = /(?:^#|&)t=([0-9.]+)/.exec(location.hash);
  if (m) jumpTo(parseFloat(m[1]), false);
  if (sentences.length && !sentences.some((s) => s.tabIndex === 0)) sentences[0].tabIndex = 0;
  update();
})();
