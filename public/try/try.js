/* global document, window, Audio, SpeechSynthesisUtterance */
// The try page. Every step goes to /try/api, where the server walks the call over the line's own
// answers, in its process; this script only shows (and speaks) what comes back.
(() => {
  'use strict';

  const $ = (id) => document.getElementById(id);
  const form = $('setup');
  const atInput = $('at');
  const fromInput = $('from');
  const startButton = $('start');
  const hangupButton = $('hangup');
  const speakSwitch = $('speak');
  const speechNote = $('speech-note');
  const statusLine = $('status');
  const keys = [...document.querySelectorAll('.keypad .key')];
  const waitButton = $('wait');
  const sayForm = $('say-form');
  const sayInput = $('say-words');
  const outcomes = $('outcomes');
  const outcomeButtons = [...outcomes.querySelectorAll('button[data-dial]')];
  const transcript = $('transcript');

  const OUTCOME_LABELS = { completed: 'answered; the conversation is over', busy: 'busy', 'no-answer': 'no answer', failed: 'the transfer failed' };
  const OUTCOME_KEYS = { a: 'completed', b: 'busy', n: 'no-answer', f: 'failed' };
  const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
  const languageNames = typeof Intl.DisplayNames === 'function' ? new Intl.DisplayNames(['en'], { type: 'language' }) : undefined;

  /** The call being walked: its id, what it waits for, and the last transfer shown. */
  const call = { id: undefined, waiting: { kind: 'ended' }, transfer: '' };
  let busy = false;
  /** Steps run one after another, so keys typed quickly are sent in order. */
  let queue = Promise.resolve();

  async function api(method, path, body) {
    const res = await fetch(`/try/api${path}`, {
      method,
      credentials: 'same-origin',
      headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const data = await res.json().catch(() => ({}));
    if (!res.ok) throw Object.assign(new Error(data.error || `The try page answered HTTP ${res.status}.`), { status: res.status });
    return data;
  }

  function enqueue(task) {
    queue = queue.then(task).catch((error) => {
      busy = false;
      addLine('error', `(error) ${error.message}`);
      updateControls();
    });
    return queue;
  }

  // ---- Transcript ----

  function addLine(className, text, lang) {
    const li = document.createElement('li');
    li.className = className;
    if (lang) li.lang = lang;
    li.textContent = text;
    transcript.append(li);
    transcript.scrollTop = transcript.scrollHeight;
    return li;
  }

  function addSay(event) {
    const li = document.createElement('li');
    li.className = 'say';
    const voice = document.createElement('span');
    voice.className = 'voice';
    voice.textContent = [event.lang, event.voice].filter(Boolean).join(' · ') || 'default voice';
    const text = document.createElement('span');
    text.className = 'text';
    text.textContent = event.text;
    if (event.lang) text.lang = event.lang;
    li.append(voice, text);
    transcript.append(li);
    transcript.scrollTop = transcript.scrollHeight;
    return li;
  }

  function show(event) {
    switch (event.kind) {
      case 'say':
        speak({ kind: 'say', event, li: addSay(event) });
        break;
      case 'play':
        speak({ kind: 'play', url: event.url, li: addLine('quiet', `▶ recording ${event.url}`) });
        break;
      case 'pause':
        addLine('quiet', `(pause ${event.seconds} s)`);
        speak({ kind: 'pause', seconds: event.seconds });
        break;
      case 'key':
        addLine('caller', `You pressed ${event.key}`);
        break;
      case 'said':
        addLine('caller', `You said “${event.words}”`);
        break;
      case 'no-key':
        addLine('caller', 'You waited: no key');
        break;
      case 'transfer':
        call.transfer = [event.name, event.number].filter(Boolean).join(' ');
        addLine('transfer', `→ connecting to ${call.transfer}`);
        break;
      case 'dial-outcome':
        addLine('outcome', `(${OUTCOME_LABELS[event.outcome] || event.outcome})`);
        break;
      case 'text-message':
        // The line asks the server to send the numbers; the try page sends nothing and answers as if it went.
        addLine('outcome', `✉ A text message with the numbers would be sent now (${event.lang}); the try page sends none.`);
        break;
      case 'end':
        addLine('end', event.reason ? `Call ended: ${event.reason}` : 'Call ended');
        break;
      case 'error':
        addLine('error', `(error) ${event.message}`);
        break;
      default:
        addLine('quiet', JSON.stringify(event));
    }
  }

  // ---- Speech: the browser's voices, one sentence after another; any key stops it ----

  const speech = { items: [], current: undefined, missing: new Set() };
  const synth = window.speechSynthesis;

  function describeLanguage(tag) {
    try {
      return languageNames ? `${languageNames.of(tag)}, ${tag}` : tag;
    } catch {
      return tag;
    }
  }

  function voiceFor(lang) {
    const voices = synth ? synth.getVoices() : [];
    const norm = (tag) => String(tag || '').replace('_', '-').toLowerCase();
    const wanted = norm(lang);
    return voices.find((v) => norm(v.lang) === wanted) || voices.find((v) => norm(v.lang).split('-')[0] === wanted.split('-')[0]);
  }

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
    if (item.kind === 'pause') {
      setTimeout(() => finish(item), Math.min(item.seconds, 3) * 1000);
      return;
    }
    if (item.kind === 'play') {
      item.audio = new Audio(item.url);
      item.li.classList.add('speaking');
      item.audio.addEventListener('ended', () => finish(item));
      item.audio.addEventListener('error', () => finish(item));
      item.audio.play().catch(() => finish(item));
      return;
    }
    const voice = voiceFor(item.event.lang);
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

  // ---- The call ----

  function weekday(at) {
    const date = new Date(`${at}:00Z`);
    return Number.isNaN(date.getTime()) ? '' : `${WEEKDAYS[date.getUTCDay()]} `;
  }

  let shown = 'ended';

  function updateControls() {
    const waiting = call.waiting.kind;
    const transferStarts = waiting === 'dial' && shown !== 'dial' && !busy;
    if (!busy) shown = waiting;
    // Keys stay pressable while the line answers, as on a phone: steps are sent one after another.
    for (const key of keys) key.disabled = waiting !== 'key';
    waitButton.disabled = waiting !== 'key';
    // Spoken answers, where the menu listens for them (the server runs with SPEECH_INPUT=on).
    sayForm.hidden = !(waiting === 'key' && call.waiting.listens);
    outcomes.hidden = waiting !== 'dial';
    hangupButton.disabled = waiting === 'ended';
    startButton.textContent = call.id && waiting !== 'ended' ? 'Start again' : 'Start call';
    if (busy) statusLine.textContent = 'The line is answering…';
    else if (waiting === 'key') statusLine.textContent = 'The line waits for a key. Press one, or wait.';
    else if (waiting === 'dial') statusLine.textContent = `Transfer to ${call.transfer}: how does it end?`;
    else statusLine.textContent = call.id ? 'The call has ended. Start a new call to try again.' : 'Choose a time and a number, then start the call.';
    // Keep the keyboard focus somewhere useful when the control it was on goes away.
    const focused = document.activeElement;
    const lost = !focused || focused === document.body || focused.disabled || focused.closest('[hidden]');
    if (busy) return;
    const typing = focused && focused.closest && focused.closest('input, select, textarea');
    if (waiting === 'dial' && (lost || (transferStarts && !typing))) outcomeButtons[0].focus();
    else if (waiting === 'key' && lost) keys[0].focus();
    else if (waiting === 'ended' && lost) startButton.focus();
  }

  function take(answer) {
    for (const event of answer.events) show(event);
    call.waiting = answer.waiting;
    if (answer.waiting.kind === 'ended') call.id = undefined;
  }

  function startCall() {
    const previous = call.waiting.kind !== 'ended' ? call.id : undefined;
    silenceSpeech();
    enqueue(async () => {
      if (previous) await api('POST', `/call/${previous}/step`, { hangup: true }).catch(() => {});
      call.id = undefined;
      call.waiting = { kind: 'ended' };
      busy = true;
      updateControls();
      transcript.replaceChildren();
      speech.missing.clear();
      if (speakSwitch.checked) speechNote.textContent = '';
      const started = await api('POST', '/call', { at: atInput.value, from: fromInput.value.trim() });
      call.id = started.id;
      addLine('quiet', `Calling the line from ${started.from} on ${weekday(started.at)}${started.at.replace('T', ' ')}, Oslo time.`);
      busy = false;
      take(started);
      updateControls();
    });
  }

  function step(body, allowed) {
    enqueue(async () => {
      if (!call.id || call.waiting.kind !== allowed) return;
      busy = true;
      updateControls();
      try {
        take(await api('POST', `/call/${call.id}/step`, body));
      } catch (error) {
        // The call ended on the server (idle too long, or pushed out by newer calls).
        if (error.status === 404) call.waiting = { kind: 'ended' };
        throw error;
      } finally {
        busy = false;
      }
      updateControls();
    });
  }

  function flash(button) {
    if (!button) return;
    button.classList.add('pressed');
    setTimeout(() => button.classList.remove('pressed'), 150);
  }

  function press(key) {
    if (call.waiting.kind !== 'key') return;
    silenceSpeech();
    flash(keys.find((k) => k.dataset.key === key));
    step({ key }, 'key');
  }

  function wait() {
    if (call.waiting.kind !== 'key') return;
    flash(waitButton);
    step({ silence: true }, 'key');
  }

  function say(words) {
    if (call.waiting.kind !== 'key' || !call.waiting.listens || !words) return;
    silenceSpeech();
    step({ say: words }, 'key');
  }

  function dialEnds(outcome) {
    if (call.waiting.kind !== 'dial') return;
    silenceSpeech();
    step({ dial: outcome }, 'dial');
  }

  function hangUp() {
    if (!call.id) return;
    silenceSpeech();
    step({ hangup: true }, call.waiting.kind);
  }

  const weekdayLine = $('weekday');
  const showWeekday = () => {
    const day = weekday(atInput.value).trim();
    weekdayLine.textContent = day ? `(${day})` : '';
  };
  atInput.addEventListener('input', showWeekday);

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    startCall();
  });
  hangupButton.addEventListener('click', hangUp);
  for (const key of keys) key.addEventListener('click', () => press(key.dataset.key));
  waitButton.addEventListener('click', wait);
  sayForm.addEventListener('submit', (event) => {
    event.preventDefault();
    say(sayInput.value.trim());
    sayInput.value = '';
  });
  for (const button of outcomeButtons) button.addEventListener('click', () => dialEnds(button.dataset.dial));

  // Keys typed anywhere but in a field press the keypad, as on a phone.
  document.addEventListener('keydown', (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented) return;
    if (event.target.closest && event.target.closest('input, select, textarea')) return;
    if ($('panel-call').hidden) return;
    const key = event.key;
    if (/^[0-9*#]$/.test(key)) {
      event.preventDefault();
      press(key);
    } else if (key === 'w' || key === 'W') {
      event.preventDefault();
      wait();
    } else if (call.waiting.kind === 'dial' && OUTCOME_KEYS[key.toLowerCase()]) {
      event.preventDefault();
      dialEnds(OUTCOME_KEYS[key.toLowerCase()]);
    }
  });

  // ---- Tabs ----

  const tabs = [...document.querySelectorAll('[role="tab"]')];
  function selectTab(tab, focus) {
    for (const t of tabs) {
      const selected = t === tab;
      t.setAttribute('aria-selected', String(selected));
      t.tabIndex = selected ? 0 : -1;
      $(t.getAttribute('aria-controls')).hidden = !selected;
    }
    if (focus) tab.focus();
    if (tab.id === 'tab-flow') showFlow();
  }
  for (const tab of tabs) {
    tab.addEventListener('click', () => selectTab(tab, false));
    tab.addEventListener('keydown', (event) => {
      const index = tabs.indexOf(tab);
      const moves = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: tabs.length - 1 };
      if (!(event.key in moves)) return;
      event.preventDefault();
      selectTab(tabs[(moves[event.key] + tabs.length) % tabs.length], true);
    });
  }

  // ---- The call-flow diagram, drawn by Mermaid served from this app ----

  const flowSelect = $('flow-lang');
  const flowStatus = $('flow-status');
  const diagram = $('diagram');
  let flow;
  let drawn = 0;

  function loadMermaid() {
    if (window.mermaid) return Promise.resolve(window.mermaid);
    return new Promise((resolve, reject) => {
      const script = document.createElement('script');
      script.src = '/try/assets/mermaid.min.js';
      script.onload = () => {
        window.mermaid.initialize({ startOnLoad: false, securityLevel: 'strict', theme: 'neutral' });
        resolve(window.mermaid);
      };
      script.onerror = () => reject(new Error('Mermaid could not be loaded from this app (a production install leaves it out), so the diagram cannot be drawn here; docs/call-flow.md in the repository has it.'));
      document.head.append(script);
    });
  }

  async function drawFlow() {
    const chosen = flow.diagrams.find((d) => d.lang === flowSelect.value) || flow.diagrams[0];
    if (!chosen) return;
    flowStatus.textContent = 'Drawing…';
    try {
      const mermaid = await loadMermaid();
      const { svg } = await mermaid.render(`flow-diagram-${++drawn}`, chosen.mermaid);
      diagram.innerHTML = svg;
      flowStatus.textContent = `The call flow in ${chosen.title}.`;
    } catch (error) {
      flowStatus.textContent = error.message;
    }
  }

  async function showFlow() {
    if (flow) return;
    flowStatus.textContent = 'Loading…';
    try {
      flow = await api('GET', '/flow');
    } catch (error) {
      flowStatus.textContent = error.message;
      return;
    }
    for (const d of flow.diagrams) {
      const option = document.createElement('option');
      option.value = d.lang;
      option.textContent = d.title;
      flowSelect.append(option);
    }
    flowSelect.addEventListener('change', drawFlow);
    await drawFlow();
  }

  // ---- Start ----

  setUpSpeech();
  updateControls();
  api('GET', '/setup').then(
    (setup) => {
      if (!atInput.value) atInput.value = setup.now;
      showWeekday();
      if (!fromInput.value) fromInput.value = setup.from;
      // Which language the caller's country code puts first in the opening (prompts/languages.json).
      const firsts = setup.languages.filter((l) => l.callerPrefixes.length).map((l) => `${l.callerPrefixes.join(' or ')}: ${l.language} first`);
      $('from-order').textContent = `${[...firsts, `any other number, or ${setup.withheld} (withheld): the line's order`].join('; ')}. Each language keeps its key.`;
    },
    (error) => addLine('error', `(error) ${error.message}`),
  );
})();
