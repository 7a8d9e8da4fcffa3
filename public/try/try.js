/* global document */
// The try page. Every step goes to /try/api, where the server walks the call over the line's own
// answers, in its process; this script only shows (and speaks) what comes back.
import { setUpTabs } from './try-flow.js';
import { createSpeech } from './try-speech.js';

const $ = (id) => document.getElementById(id);
const form = $('setup');
const atInput = $('at');
const fromInput = $('from');
const startButton = $('start');
const hangupButton = $('hangup');
const speech = createSpeech($('speak'), $('speech-note'));
const speak = speech.speak;
const silenceSpeech = speech.silence;
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
    speech.reset();
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

// ---- Start ----

speech.setUp();
setUpTabs(api);
updateControls();
api('GET', '/setup').then(
  (setup) => {
    if (!atInput.value) atInput.value = setup.now;
    showWeekday();
    if (!fromInput.value) fromInput.value = setup.from;
    // Which language the caller's country code puts first in the opening (prompts/languages.json).
    const firsts = setup.languages.filter((l) => l.callerPrefixes.length).map((l) => `${l.callerPrefixes.join(' or ')}: ${l.language} first`);
    const messages = setup.textMessages ? '' : ' This server sends no text messages (SMS_FROM is not set), so no call offers one.';
    $('from-order').textContent = `${[...firsts, `any other number, or ${setup.withheld} (withheld): the line's order`].join('; ')}. Each language keeps its key.${messages}`;
  },
  (error) => addLine('error', `(error) ${error.message}`),
);
