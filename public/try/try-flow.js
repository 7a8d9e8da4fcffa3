/* global document, window */
// The try page's tabs, and the call-flow diagram drawn by Mermaid served from this app.

const $ = (id) => document.getElementById(id);

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

/** The diagram tab: loads the diagrams from the try page's API (`api`) the first time it is shown, then draws the language chosen. */
function flowDiagram(api) {
  const flowSelect = $('flow-lang');
  const flowStatus = $('flow-status');
  const diagram = $('diagram');
  let flow;
  let drawn = 0;

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

  return async function showFlow() {
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
  };
}

/** The tabs (arrow keys move between them), and the diagram drawn when its tab is first chosen; `api` asks the try page's API. */
export function setUpTabs(api) {
  const showFlow = flowDiagram(api);
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
}
