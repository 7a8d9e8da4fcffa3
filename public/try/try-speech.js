/* global window, Audio, SpeechSynthesisUtterance */
// The try page's speech: the browser's voices, one sentence after another; any key stops it.

const languageNames = typeof Intl.DisplayNames === 'function' ? new Intl.DisplayNames(['en'], { type: 'language' }) : undefined;

function describeLanguage(tag) {
  try {
    return languageNames ? `${languageNames.of(tag)}, ${tag}` : tag;
  } catch {
    return tag;
  }
}

function voiceFor(synth, lang) {
  const voices = synth ? synth.getVoices() : [];
  const norm = (tag) => String(tag || '').replace('_', '-').toLowerCase();
  const wanted = norm(lang);
  return voices.find((v) => norm(v.lang) === wanted) || voices.find((v) => norm(v.lang).split('-')[0] === wanted.split('-')[0]);
}

/** A pause (at most 3 s here) or a recording, then `done`. */
function playOrPause(item, done) {
  if (item.kind === 'pause') {
    setTimeout(done, Math.min(item.seconds, 3) * 1000);
    return;
  }
  item.audio = new Audio(item.url);
  item.li.classList.add('speaking');
  item.audio.addEventListener('ended', done);
  item.audio.addEventListener('error', done);
  item.audio.play().catch(done);
}

/** Speaks what the line says while `speakSwitch` is on, and says in `speechNote` what this browser cannot speak. */
export function createSpeech(speakSwitch, speechNote) {
  const speech = { items: [], current: undefined, missing: new Set() };
  const synth = window.speechSynthesis;

  function noteMissing(lang) {
    speech.missing.add(lang || 'no language');
    const list = [...speech.missing].map(describeLanguage).join('; ');
    speechNote.textContent = `This browser has no voice for ${list}: those sentences are shown, not spoken.`;
  }

  function speak(item) {
    if (!speakSwitch.checked) return;
    speech.items.push(item);
    if (!speech.current) next();
  }

  function finish(item) {
    if (speech.current !== item) return;
    if (item.li) item.li.classList.remove('speaking');
    speech.current = undefined;
    next();
  }

  function next() {
    const item = speech.items.shift();
    if (!item) return;
    speech.current = item;
    if (item.kind !== 'say') {
      playOrPause(item, () => finish(item));
      return;
    }
    const voice = voiceFor(synth, item.event.lang);
    if (!synth || !voice) {
      noteMissing(item.event.lang);
      speech.current = undefined;
      next();
      return;
    }
    const utterance = new SpeechSynthesisUtterance(item.event.text);
    utterance.lang = item.event.lang;
    utterance.voice = voice;
    utterance.onend = () => finish(item);
    utterance.onerror = () => finish(item);
    item.li.classList.add('speaking');
    synth.speak(utterance);
  }

  /** As on a call: a key cuts the line off mid-sentence. */
  function silenceSpeech() {
    const current = speech.current;
    speech.items = [];
    speech.current = undefined;
    if (current && current.li) current.li.classList.remove('speaking');
    if (current && current.audio) current.audio.pause();
    if (synth) synth.cancel();
  }

  function setUpSpeech() {
    if (!synth || typeof SpeechSynthesisUtterance !== 'function') {
      speakSwitch.disabled = true;
      speechNote.textContent = 'This browser cannot speak (it has no speech synthesis); the sentences are shown only.';
      return;
    }
    // Chrome lists its voices a moment after the page loads.
    synth.getVoices();
    speakSwitch.addEventListener('change', () => {
      speech.missing.clear();
      if (!speakSwitch.checked) {
        silenceSpeech();
        speechNote.textContent = '';
        return;
      }
      const count = synth.getVoices().length;
      speechNote.textContent = count === 0 ? 'Speaking: this browser lists no voices yet; sentences without a voice are shown only.' : `Speaking new sentences with this browser's voices (${count} installed).`;
    });
  }

  /** A new call: the languages without a voice are noted afresh. */
  function reset() {
    speech.missing.clear();
    if (speakSwitch.checked) speechNote.textContent = '';
  }

  return { speak, silence: silenceSpeech, reset, setUp: setUpSpeech };
}
